import './account.css';
import { formatUsd } from '../../components/money';
import { useAccountStore } from '../../stores/account-store';
import { useOffline } from '../../stores/network-store';

const readTime = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });
const readDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "at 5:02 PM" today, "on Nov 29, 5:02 PM" before. */
export function readAtText(readAt: number, now = Date.now()): string {
  const sameDay = new Date(readAt).toDateString() === new Date(now).toDateString();
  return sameDay ? `at ${readTime.format(readAt)}` : `on ${readDay.format(readAt)}`;
}

/**
 * What the account has left, as main last read it ("Balance $12.34"). Hidden while unknown (never
 * read, or the API does not say). Offline the last figure stays, with when it was read, since it
 * may be out of date.
 */
export function Balance() {
  const balance = useAccountStore((state) => state.balance);
  const offline = useOffline();
  if (balance.usd === null) return null;
  const when = balance.readAt !== null ? readAtText(balance.readAt) : null;
  const stale = offline && when !== null;

  return (
    <p className="balance" data-stale={stale}>
      <span className="balance-figure">Balance {formatUsd(balance.usd)}</span>
      {stale ? <span className="balance-when"> · read {when}, offline</span> : null}
    </p>
  );
}
