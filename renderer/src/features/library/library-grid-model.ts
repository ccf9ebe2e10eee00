import { useMemo, useState } from 'react';
import type { LibraryItem } from '../../../../electron/shared/domain';
import { isPlainNewestView, LIBRARY_PAGE_SIZE, useLibraryStore, type LoadedItems } from '../../stores/library-store';
import type { Job } from '../../../../electron/shared/domain';
import { useGalleryJobs } from '../queue/gallery-jobs';
import { ASPECT_VALUES, estimatedAspect, layoutGallery, type GalleryLayout, type LayoutChunk, type LayoutOptions } from './library-grid-layout';

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

/** The ratios of every page seen for one query; a new query starts afresh. */
class SeenAspects {
  private version = -1;
  private readonly pages = new Map<number, readonly number[]>();

  learn(version: number, pages: LoadedItems['pages']): ReadonlyMap<number, readonly number[]> {
    if (version !== this.version) {
      this.version = version;
      this.pages.clear();
    }
    for (const [key, page] of Object.entries(pages)) this.pages.set(Number(key), page.items.map(aspectOf));
    return this.pages;
  }
}

export function useGalleryModel({ loaded, queryVersion, jobAspects, options }: Inputs): GalleryModel {
  const [seen] = useState(() => new SeenAspects());
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
    // A page of an older snapshot may be a little longer or shorter than the page it stands for now.
    const pageAspects = (page: number): Array<number | null> | null => {
      const known = learned.get(page);
      if (!known) return null;
      return Array.from({ length: pageLength(page) }, (_, offset) => known[offset] ?? null);
    };

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
    const guess = estimatedAspect(chunks);
    const layout = layoutGallery(chunks, { width, targetHeight, gap });

    const aspectOfTile = (tile: number): number => {
      if (tile < jobs.length) return jobs[tile] ?? guess;
      const index = tile - jobs.length;
      if (index < head.length) return head[index] ? aspectOf(head[index]) : guess;
      const position = index - head.length;
      return learned.get(Math.floor(position / LIBRARY_PAGE_SIZE))?.[position % LIBRARY_PAGE_SIZE] ?? guess;
    };
    return { layout, jobCount: jobs.length, aspectOfTile };
  }, [seen, jobKey, head, pages, total, width, targetHeight, gap, queryVersion]);
}
