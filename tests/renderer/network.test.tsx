import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFLINE_TEXT } from '../../renderer/src/features/network/offline-banner';
import { useNetworkStore } from '../../renderer/src/stores/network-store';
import { installFakeReverie } from './support/fake-reverie';
import { renderApp } from './support/render-app';

afterEach(() => useNetworkStore.setState(useNetworkStore.getInitialState(), true));

const banner = () => screen.queryByText(OFFLINE_TEXT);
const generate = () => screen.getByRole('button', { name: 'Generate' });

describe('offline state', () => {
  it('asks main at startup and shows nothing while the API can be reached', async () => {
    const { fake } = await renderApp();
    expect(fake.callsTo('network:status')).toHaveLength(1);
    expect(banner()).not.toBeInTheDocument();
    expect(generate()).not.toHaveAccessibleDescription(expect.stringContaining('Offline'));
  });

  it('shows the banner when the system goes offline, and asks main again when it is back', async () => {
    const { fake } = await renderApp();
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    expect(banner()).toBeInTheDocument();
    expect(banner()?.closest('[role="status"]')).not.toBeNull();
    expect(generate()).toHaveAccessibleDescription(expect.stringContaining(OFFLINE_TEXT));
    expect(fake.callsTo('network:check')).toHaveLength(0);

    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(fake.callsTo('network:check')).toHaveLength(1));
    await waitFor(() => expect(banner()).not.toBeInTheDocument());
    expect(generate()).not.toHaveAccessibleDescription(expect.stringContaining('Offline'));
  });

  it('keeps the banner when the system is back but main still cannot reach the API', async () => {
    const { fake } = await renderApp();
    act(() => {
      window.dispatchEvent(new Event('offline'));
    });
    fake.network = { online: false, checkedAt: fake.network.checkedAt };
    act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await waitFor(() => expect(fake.callsTo('network:check')).toHaveLength(1));
    // Main's answer (still unreachable) has been handed back and applied.
    await act(() => fake.settled());
    expect(banner()).toBeInTheDocument();
  });

  it('follows main’s network:changed events', async () => {
    const { fake } = await renderApp();
    act(() => fake.emit('network:changed', { online: false, checkedAt: 1_900_000_000_000 }));
    expect(banner()).toBeInTheDocument();
    act(() => fake.emit('network:changed', { online: true, checkedAt: 1_900_000_001_000 }));
    expect(banner()).not.toBeInTheDocument();
  });

  it('starts offline when main says so, and Generate still queues', async () => {
    const fake = installFakeReverie({ network: { online: false } });
    const { user } = await renderApp(fake);
    await waitFor(() => expect(banner()).toBeInTheDocument());

    await user.type(screen.getByRole('textbox', { name: 'Prompt' }), 'A lantern in snow');
    expect(generate()).toHaveAttribute('aria-disabled', 'false');
    await user.click(generate());
    await waitFor(() => expect(fake.callsTo('generate:enqueue')).toHaveLength(1));
  });

  it('stops listening when the app unmounts', async () => {
    const { fake, unmount } = await renderApp();
    expect(fake.listenerCount('network:changed')).toBe(1);
    unmount();
    expect(fake.listenerCount('network:changed')).toBe(0);
    window.dispatchEvent(new Event('online'));
    expect(fake.callsTo('network:check')).toHaveLength(0);
  });
});
