import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/** The header's activity indicator: its name starts with "Queue", then what runs ("Queue 2 running · $0.13"). */
export const activityIndicator = () => screen.getByRole('button', { name: /^Queue/ });

/** Opens the queue drawer from the header (unless it is open) and returns its "Queue" region. */
export async function openQueue(user: UserEvent): Promise<HTMLElement> {
  const open = screen.queryByRole('region', { name: 'Queue' });
  if (open) return open;
  await user.click(activityIndicator());
  return screen.findByRole('region', { name: 'Queue' });
}
