/// <reference types="vite/client" />
import type { ComponentType } from 'react';
import type { AspectRatio } from '../../../../electron/shared/constants';

/**
 * Parts other helpers are building while the gallery is (issue 11): the ThumbHash placeholder
 * (features/library/placeholder.ts) and the queue's job tiles (features/queue/gallery-jobs.ts,
 * features/queue/job-tile.tsx). Picked up when they exist, absent otherwise, so the gallery builds
 * and runs either way. To be replaced by plain imports once they have landed.
 */
const modules = import.meta.glob<Record<string, unknown>>(['./placeholder.ts', '../queue/gallery-jobs.ts', '../queue/job-tile.tsx'], { eager: true });

const exported = <T>(path: string, name: string): T | undefined => modules[path]?.[name] as T | undefined;

/** The placeholder's image URL for an item's ThumbHash, or null (then the tile shows a neutral colour). */
export const placeholderUrl: (placeholder: string | null) => string | null =
  exported<(placeholder: string | null) => string | null>('./placeholder.ts', 'placeholderUrl') ?? (() => null);

/** A job the gallery shows as a tile before the newest items. */
export interface GalleryJob {
  id: string;
  aspectRatio?: AspectRatio;
  params?: { aspectRatio: AspectRatio };
}

const noJobs: readonly GalleryJob[] = [];
export const useGalleryJobs: () => readonly GalleryJob[] =
  exported<() => readonly GalleryJob[]>('../queue/gallery-jobs.ts', 'useGalleryJobs') ?? (() => noJobs);

export const JobTile: ComponentType<{ job: GalleryJob }> | undefined = exported<ComponentType<{ job: GalleryJob }>>('../queue/job-tile.tsx', 'JobTile');

export const jobAspect = (job: GalleryJob): AspectRatio => job.aspectRatio ?? job.params?.aspectRatio ?? '1:1';
