import { create } from 'zustand';
import { DOC_CREDITS_PER_IMAGE, type ModelId } from '../../../electron/shared/constants';
import type { AccountBalance, ModelPrices } from '../../../electron/shared/domain';
import { creditsToUsd } from '../components/money';
import { invoke, on } from '../ipc';

/**
 * What the account has left (main's last read of the balance; usd null: unknown, shown nowhere)
 * and what each model costs per image (the live price list, else the docs' figures). Neither ever
 * blocks anything: a failed read keeps what was known.
 */
interface AccountState {
  balance: AccountBalance;
  prices: ModelPrices;
}

const DOC_PRICES: ModelPrices = { creditsPerImage: { ...DOC_CREDITS_PER_IMAGE }, source: 'docs', readAt: null };

export const useAccountStore = create<AccountState>()(() => ({
  balance: { usd: null, readAt: null },
  prices: DOC_PRICES,
}));

/** A newer read wins: a late reply must not put back an older figure than an event brought. */
function applyBalance(balance: AccountBalance): void {
  const current = useAccountStore.getState().balance;
  if (current.readAt !== null && balance.readAt !== null && balance.readAt < current.readAt) return;
  useAccountStore.setState({ balance });
}

/**
 * Balance events received so far. Main sends one with every change, in order, so an event that
 * arrives while a request for the balance is out says at least as much as its reply: the reply may
 * have been made before the change (at startup: before main's first read landed, with no figure,
 * which readAt cannot tell from an older one) and arrive after the event.
 */
let balanceEvents = 0;

export async function loadAccount(): Promise<void> {
  const eventsBefore = balanceEvents;
  const [balance, prices] = await Promise.all([invoke('account:balance'), invoke('pricing:get')]);
  if (balance.ok && balanceEvents === eventsBefore) applyBalance(balance.value);
  if (prices.ok) useAccountStore.setState({ prices: prices.value });
}

/**
 * Main answers with what it knows and reads the live price list in the background (no event says
 * when it arrives), so the page asks again after a batch and when a new balance arrives.
 */
export async function loadPrices(): Promise<void> {
  const prices = await invoke('pricing:get');
  if (prices.ok) useAccountStore.setState({ prices: prices.value });
}

export function followBalanceEvents(): () => void {
  return on('account:balance-changed', (balance) => {
    balanceEvents += 1;
    applyBalance(balance);
    void loadPrices();
  });
}

/** About what `images` images of `model` cost, in USD. */
export function estimateUsdFor(model: ModelId, images: number): number {
  const perImage = useAccountStore.getState().prices.creditsPerImage[model] ?? DOC_CREDITS_PER_IMAGE[model];
  return creditsToUsd(images * perImage);
}

/** The balance when known; null when it is not. */
export function knownBalanceUsd(): number | null {
  return useAccountStore.getState().balance.usd;
}
