import { relative } from 'node:path';
import type { DatabaseDamage } from '../library/database-file';
import type { NoticeInput } from '../notice-board';
import type { RestoredSpend } from '../queue/spend-restore';

/** What opening a library folder found and put back. */
export interface OpeningFacts {
  root: string;
  damage: DatabaseDamage | null;
  /** Items indexed again from their sidecars. */
  reindexed: number;
  /** Of those, how many point at an image that is not on disk. */
  missingFiles: number;
  /** Sidecars that could not be read (left as they are). */
  unreadableSidecars: number;
  spend: RestoredSpend;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function itemsBack({ reindexed, missingFiles }: OpeningFacts): string {
  const back = `${count(reindexed, 'item is', 'items are')} back`;
  return missingFiles > 0 ? `${back} (${missingFiles} without their image file, shown as missing)` : back;
}

function spendSentence({ spend }: OpeningFacts): string {
  return spend.entries > 0
    ? ` The spending of ${count(spend.entries, 'paid image', 'paid images')} was restored, so today's total and the daily budget still count it.`
    : '';
}

function sidecarSentence({ unreadableSidecars }: OpeningFacts): string {
  if (unreadableSidecars === 0) return '';
  const files = count(unreadableSidecars, 'sidecar file', 'sidecar files');
  return ` ${files} in the records folder could not be read and ${unreadableSidecars === 1 ? 'was left as it is' : 'were left as they are'}.`;
}

function lostJobsSentence(lostJobs: number | null): string {
  if (lostJobs === null) return ' The jobs that were in its queue could not be read, so any still waiting are lost with it.';
  if (lostJobs === 0) return '';
  return ` ${count(lostJobs, 'job', 'jobs')} still waiting or out in its queue ${lostJobs === 1 ? 'was' : 'were'} lost with it.`;
}

/**
 * The notice for what opening found, or null when there is nothing to tell: a database set aside
 * (a warning that says where the copy is kept), a damaged log whose latest changes were lost, or
 * items the database had lost and their sidecars brought back (say, after a crash).
 */
export function openingNotice(facts: OpeningFacts): NoticeInput | null {
  const { damage, root } = facts;
  if (damage?.kind === 'database') {
    return {
      severity: 'warning',
      title: 'The library database was damaged; the library was rebuilt from its folder',
      message:
        `Reverie could not read its library database (${damage.reason}). It was set aside and kept as ` +
        `${relative(root, damage.keptAt)} in the library folder, and the library was made again from the image files and ` +
        `their sidecars: ${itemsBack(facts)}.${spendSentence(facts)}${sidecarSentence(facts)}${lostJobsSentence(damage.lostJobs)}` +
        ' Saved prompts and the prompt history were kept only in that database.',
      path: damage.keptAt,
    };
  }
  if (damage?.kind === 'journal') {
    const kept =
      damage.keptAt === null
        ? 'no copy of it could be kept (check the free space on that disk). '
        : `a copy of the database is kept as ${relative(root, damage.keptAt)} in the library folder, with its journal beside it (-wal). `;
    return {
      severity: 'warning',
      title: 'The library database lost its latest changes',
      message:
        `Its journal (library.sqlite-wal) was damaged, so the changes recorded there could not be read back; ${kept}` +
        `From the sidecar files, ${itemsBack(facts)}.${spendSentence(facts)}${sidecarSentence(facts)}`,
      path: damage.keptAt,
    };
  }
  if (facts.reindexed === 0 && facts.unreadableSidecars === 0) return null;
  if (facts.reindexed === 0) {
    return { severity: 'warning', title: 'Some sidecar files could not be read', message: sidecarSentence(facts).trim() };
  }
  return {
    severity: 'info',
    title: `${count(facts.reindexed, 'item was', 'items were')} put back into the library`,
    message:
      'The library database did not list them (it had lost its latest changes, for example after a crash); their sidecar ' +
      `files brought them back: ${itemsBack(facts)}.${spendSentence(facts)}${sidecarSentence(facts)}`,
  };
}
