/** "1 MB", "40 MB": sizes in the sentences users read. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
