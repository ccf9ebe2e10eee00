import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A stand-in for the unpacked Linux Electron release (electron-vX-linux-x64.zip), for electron-builder's
 * `electronDist`: the real binary comes from GitHub, which these machines cannot reach.
 *
 * electron-builder copies the folder, renames `electron` to the app's executable, moves `LICENSE` to
 * `LICENSE.electron.txt`, writes `resources/app.asar` and then flips the fuses with @electron/fuses,
 * which finds the fuse wire by its sentinel in the executable's bytes. So the stand-in executable
 * carries the wire exactly as Electron compiles it into the binary (electron/electron
 * build/fuses/build.py: `kFuseWire[] = { sentinel, fuse_version, fuse_wire_length, fuse_wire }`, each
 * fuse one ASCII byte, '0' off, '1' on, 'r' removed), with Electron's own defaults.
 */

/** SENTINEL in electron/electron build/fuses/build.py and in @electron/fuses (dist/constants.js). */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_WIRE_VERSION = 1;

/**
 * Electron's defaults, in wire order (electron/electron build/fuses/fuses.json5, Electron 42 and later:
 * the ninth fuse, wasm_trap_handlers, arrived with electron/electron#48983).
 */
export const ELECTRON_DEFAULT_FUSES = [
  ['run_as_node', '1'],
  ['cookie_encryption', '0'],
  ['node_options', '1'],
  ['node_cli_inspect', '1'],
  ['embedded_asar_integrity_validation', '0'],
  ['only_load_app_from_asar', '0'],
  ['load_browser_process_specific_v8_snapshot', '0'],
  ['grant_file_protocol_extra_privileges', '1'],
  ['wasm_trap_handlers', '1'],
] as const;

/** The wire as it sits in the binary, surrounded by other bytes as in a real executable's data section. */
function fuseWireBytes(): Buffer {
  const wire = ELECTRON_DEFAULT_FUSES.map(([, state]) => state).join('');
  return Buffer.concat([Buffer.from(FUSE_SENTINEL, 'ascii'), Buffer.from([FUSE_WIRE_VERSION, wire.length]), Buffer.from(wire, 'ascii')]);
}

/** Writes the stand-in release into `dir`; returns the path of its `electron` executable. */
export async function writeStandInElectron(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  // The real release's default_app.asar is left out: electron-builder deletes it only from releases it
  // downloaded itself, never from a custom electronDist, and the packaged app must not carry it.
  await writeFile(path.join(dir, 'locales', 'en-US.pak'), 'stand-in locale\n');
  await writeFile(path.join(dir, 'LICENSE'), 'stand-in for the MIT license text Electron ships\n');
  await writeFile(path.join(dir, 'version'), 'stand-in\n');

  const executable = path.join(dir, 'electron');
  // A script that exits at once if anyone runs it; the wire follows the `exit`, never read by the shell.
  await writeFile(executable, Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), fuseWireBytes(), Buffer.from('\n')]));
  await chmod(executable, 0o755);
  return executable;
}
