// Types for scripts/electron-binary.mjs, which stays plain JavaScript so `npm start` runs it unbuilt.
export type ElectronBinary = { ok: true; executablePath: string } | { ok: false; reason: string };
export function findElectronBinary(): ElectronBinary;
