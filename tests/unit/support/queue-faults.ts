import { createServer } from 'node:net';
import { expect, vi } from 'vitest';
import type { AppErrorCode } from '../../../electron/shared/errors';
import type { Job, NetworkStatus } from '../../../electron/shared/domain';
import type { NetworkMonitor } from '../../../electron/main/services/queue/network-monitor';
import { enqueue, fake, type Harness } from './queue-harness';
import { settle, waitForState } from './queue-observe';

// Network trouble for a queue harness: a closed port, a monitor that never goes offline, a request left hanging, a job that gives up.

/** A port nothing listens on: connections are refused before anything is sent. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

/** A network monitor whose probe always finds the API (each probe is reported to `onCheck`), and that never goes offline. */
export function alwaysOnline(onCheck: () => void = () => undefined): NetworkMonitor {
  const online: NetworkStatus = { online: true, checkedAt: 0 };
  return {
    status: () => online,
    isOnline: () => true,
    check: async () => {
      onCheck();
      return online;
    },
    reportUnreachable: () => undefined,
    reportReachable: () => undefined,
    onChange: () => () => undefined,
    close: () => undefined,
  };
}

/** Queues one job against an API that never answers, and waits until its request is out at the fake. */
export async function requestLeftHanging(h: Harness): Promise<Job> {
  fake.setScenario('hang');
  const [hanging] = await enqueue(h);
  await waitForState(h, hanging!.id, 'sending');
  await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
  return hanging!;
}

/** Queues one job and expects it to fail with `code` after its first send and the two automatic resends, never charged. */
export async function expectGivesUpUncharged(h: Harness, code: AppErrorCode): Promise<void> {
  const [job] = await enqueue(h);
  const failed = await settle(h, job!.id);
  expect(failed).toMatchObject({ state: 'failed', attempts: 3, mayHaveBeenCharged: false });
  expect(failed.error?.code).toBe(code);
}
