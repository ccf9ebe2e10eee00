import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { AccountBalance } from '../../../shared/domain';
import { writeFileAtomic } from '../atomic-write';

/**
 * The last balance read, kept in a small JSON file in the app's data folder (beside the settings,
 * not in a library: the balance belongs to the account, whichever library is open), so it shows
 * offline after a restart with the time it was read. A missing or unreadable file is "never read".
 */
const Stored = z.strictObject({ usd: z.number().finite().nullable(), readAt: z.int().nonnegative().nullable() });

export interface BalanceFile {
  load(): Promise<AccountBalance | null>;
  save(balance: AccountBalance): Promise<void>;
}

export function createBalanceFile(path: string): BalanceFile {
  return {
    async load() {
      try {
        const parsed = Stored.safeParse(JSON.parse(await readFile(path, 'utf8')));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    save: (balance) => writeFileAtomic(path, `${JSON.stringify(balance)}\n`),
  };
}
