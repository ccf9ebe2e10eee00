import { join } from 'node:path';
import type { Emit } from '../../../shared/contract';
import { createBalanceFile } from './balance-file';
import { createBalanceService, type BalanceService } from './balance';
import { createPriceService, type PriceService } from './prices';

/** The account's balance and the models' prices, app-wide (not per library). */
export interface Account {
  balance: BalanceService;
  prices: PriceService;
}

export interface AccountDeps {
  /** The app's data folder: the last balance is kept in `account-balance.json` there. */
  dataDir: string;
  baseUrl: () => string;
  apiKey: () => Promise<string | null>;
  emit: Emit;
  now: () => number;
  fetch?: typeof fetch;
}

export const BALANCE_FILE_NAME = 'account-balance.json';

export function createAccount(deps: AccountDeps): Account {
  const shared = { baseUrl: deps.baseUrl, now: deps.now, ...(deps.fetch ? { fetch: deps.fetch } : {}) };
  return {
    balance: createBalanceService({ ...shared, apiKey: deps.apiKey, emit: deps.emit, file: createBalanceFile(join(deps.dataDir, BALANCE_FILE_NAME)) }),
    prices: createPriceService(shared),
  };
}
