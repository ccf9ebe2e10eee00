import { useMemo, useState } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { isPlainNewestView, LIBRARY_PAGE_SIZE, useLibraryStore, type LoadedItems } from '../../stores/library-store';
import type { Job } from '../../../../electron/shared/domain';
import { useGalleryJobs } from '../queue/gallery-jobs';
import { ASPECT_VALUES, ChunkRowCache, layoutGallery, type GalleryLayout, type LayoutChunk, type LayoutOptions } from './library-grid-layout';

/**
 * The gallery's rows for what the library store holds now: the chunks library-grid-layout.ts lays
 * out (job tiles, the items announced at the top and page 0; then one chunk per page), with the
 * ratios of every page seen since the query began. Pages far from the screen are dropped by the
 * store, but their ratios are kept here (one number per item), so scrolling back over them does
 * not re-flow their rows into estimates and back.
 */

const NO_JOBS: readonly Job[] = [];

/** Pending and failed jobs stand before the newest images: only in the plain newest-first view, where that is where they will land. */
export function useShownGalleryJobs(): readonly Job[] {
  const jobs = useGalleryJobs();
  const plain = useLibraryStore((state) => isPlainNewestView(state.query));
  return plain ? jobs : NO_JOBS;
}

const aspectOf = (item: LibraryItem) => ASPECT_VALUES[item.aspectRatio];

export interface GalleryModel {
  layout: GalleryLayout;
  /** How many job tiles come before the first item (tile index = jobCount + item index). */
  jobCount: number;
  /** A tile's ratio: known, or the estimate used for it. */
  aspectOfTile: (tile: number) => number;
}

interface Inputs {
  loaded: LoadedItems;
  queryVersion: number;
  jobAspects: readonly number[];
  options: LayoutOptions;
}

type LoadedPage = LoadedItems['pages'][number];

/** How far (a share of it) the mean of the seen ratios may drift from the estimate in use before the estimate follows. */
const GUESS_TOLERANCE = 0.03;

/**
 * The ratios of every page seen for one query; a new query starts afresh. Each page's ratios stay
 * the same array until the page itself is replaced (and then only if its ratios differ), so the
 * layout's ChunkRowCache knows the chunks it has justified already.
 */
class SeenAspects {
  private version = -1;
  private readonly pages = new Map<number, readonly number[]>();
  /** The page objects already learnt from; weak: a page the store drops must not stay in memory with its items. */
  private sources = new WeakSet<LoadedPage>();
  /** A page's ratios fitted to the length its page has now (see fit). */
  private readonly fitted = new Map<number, readonly (number | null)[]>();
  private guess: number | null = null;

  learn(version: number, pages: LoadedItems['pages']): ReadonlyMap<number, readonly number[]> {
    if (version !== this.version) {
      this.version = version;
      this.pages.clear();
      this.sources = new WeakSet();
      this.fitted.clear();
      this.guess = null;
    }
    for (const [key, page] of Object.entries(pages)) {
      const index = Number(key);
      if (this.sources.has(page)) continue;
      this.sources.add(page);
      const aspects = page.items.map(aspectOf);
      const before = this.pages.get(index);
      if (before && before.length === aspects.length && before.every((aspect, at) => aspect === aspects[at])) continue;
      this.pages.set(index, aspects);
      this.fitted.delete(index);
    }
    return this.pages;
  }

  /**
   * The ratio tiles not loaded yet are laid out with: the mean of the ratios seen, kept while the
   * mean stays within GUESS_TOLERANCE of it. Each page moves the mean a little, and a new estimate
   * re-flows every row not loaded yet (and the view has to be put back in place over them).
   */
  estimate(mean: number): number {
    if (this.guess === null || Math.abs(mean - this.guess) > this.guess * GUESS_TOLERANCE) this.guess = mean;
    return this.guess;
  }

  /** Page `page`'s ratios as `length` tiles (null: not known); a page of an older snapshot may be a little longer or shorter. */
  fit(page: number, length: number): readonly (number | null)[] | null {
    const known = this.pages.get(page);
    if (!known) return null;
    if (known.length === length) return known;
    const kept = this.fitted.get(page);
    if (kept && kept.length === length) return kept;
    const fitted = Array.from({ length }, (_, offset) => known[offset] ?? null);
    this.fitted.set(page, fitted);
    return fitted;
  }
}

export function useGalleryModel({ loaded, queryVersion, jobAspects, options }: Inputs): GalleryModel {
  const [seen] = useState(() => new SeenAspects());
  const [chunkRows] = useState(() => new ChunkRowCache());
  const { head, pages, total } = loaded;
  const { width, targetHeight, gap } = options;
  const jobKey = jobAspects.join(',');

  return useMemo(() => {
    // Learning what the store holds is part of deriving the rows from it: the cache only grows with what was shown.
    const learned = seen.learn(queryVersion, pages);
    const jobs = jobKey === '' ? [] : jobKey.split(',').map(Number);
    const pagedTotal = Math.max(total - head.length, 0);
    const pageCount = Math.ceil(pagedTotal / LIBRARY_PAGE_SIZE);
    const pageLength = (page: number) => Math.min(LIBRARY_PAGE_SIZE, pagedTotal - page * LIBRARY_PAGE_SIZE);
    const pageAspects = (page: number) => seen.fit(page, pageLength(page));

    const first: Array<number | null> = [
      ...jobs,
      ...head.map(aspectOf),
      ...(pageCount > 0 ? (pageAspects(0) ?? new Array<null>(pageLength(0)).fill(null)) : []),
    ];
    const chunks: LayoutChunk[] = [{ aspects: first }];
    for (let page = 1; page < pageCount; page += 1) {
      const aspects = pageAspects(page);
      chunks.push(aspects ? { aspects } : { count: pageLength(page) });
    }
    const guess = seen.estimate(chunkRows.meanAspect(chunks));
    const layout = layoutGallery(chunks, { width, targetHeight, gap }, chunkRows, guess);

    const aspectOfTile = (tile: number): number => {
      if (tile < jobs.length) return jobs[tile] ?? guess;
      const index = tile - jobs.length;
      if (index < head.length) return head[index] ? aspectOf(head[index]) : guess;
      const position = index - head.length;
      return learned.get(Math.floor(position / LIBRARY_PAGE_SIZE))?.[position % LIBRARY_PAGE_SIZE] ?? guess;
    };
    return { layout, jobCount: jobs.length, aspectOfTile };
  }, [seen, chunkRows, jobKey, head, pages, total, width, targetHeight, gap, queryVersion]);
}
