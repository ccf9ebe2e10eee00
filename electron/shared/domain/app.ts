import { z } from 'zod';
import { EXTERNAL_LINKS } from '../constants';

/** What the app itself tells the user (notices) and opens for them (named external pages). */

export const ExternalLinkName = z.enum(Object.keys(EXTERNAL_LINKS) as [keyof typeof EXTERNAL_LINKS, ...(keyof typeof EXTERNAL_LINKS)[]]);
export const OpenLinkInput = z.strictObject({ link: ExternalLinkName });

/**
 * Something main found and fixed on its own (a damaged database set aside, unreadable settings,
 * recovered images) that the user must hear about. The path it names stays in main: the renderer
 * asks main to show it by the notice's id.
 */
export interface Notice {
  id: string;
  severity: 'info' | 'warning';
  title: string;
  /** One or two plain sentences, naming where anything set aside was kept. */
  message: string;
  /** Whether "Show in folder" has something to show. */
  revealable: boolean;
  /** What the notice offers to do about it, besides showing and dismissing: `rebuild-library` runs `library:rebuild`. */
  action?: NoticeAction;
  createdAt: number;
}
export const NOTICE_ACTIONS = ['rebuild-library'] as const;
export type NoticeAction = (typeof NOTICE_ACTIONS)[number];
export const NoticeRef = z.strictObject({ id: z.uuid() });
