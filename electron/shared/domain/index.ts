/**
 * The records that cross IPC, as zod schemas with their inferred types, one file per subject.
 * Import from here (`shared/domain`); the zod-free constants come along.
 */
export * from '../constants';
// These four names are both a plain type in constants.ts and a schema here: the schema (with its type) wins.
export { AspectRatio, Delivery, OutputFormat } from './generation';
export { ExternalLinkName } from './app';
export * from './generation';
export * from './jobs';
export * from './prompts';
export * from './library-item';
export * from './library-query';
export * from './library-filters';
export * from './family';
export * from './organize';
export * from './library-folder';
export * from './settings';
export * from './export';
export * from './app';
export * from './account';
