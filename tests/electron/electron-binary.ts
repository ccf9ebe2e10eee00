// The one detection of the Electron binary lives in scripts/electron-binary.mjs (`npm start` uses it too).
export { findElectronBinary, type ElectronBinary } from '../../scripts/electron-binary.mjs';

export const skipReason = (reason: string) => `Electron binary not installed on this machine (${reason}): the _electron suite did not run.`;
