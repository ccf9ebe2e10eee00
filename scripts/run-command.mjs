// Starting the project's tools from its plain-JavaScript scripts (npm start, npm test), the same way
// on every OS: no shell, output straight to the terminal, the exit code as a number.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Runs a command to its end. A signal sent to this process alone (SIGTERM from a supervisor) is
 * passed on; a terminal's Ctrl+C reaches the child by itself.
 * @param {string[]} command the file and its arguments
 * @param {{ cwd: string, env?: Record<string, string>, shell?: boolean }} options
 * @returns {Promise<number>} the exit code; 1 when the command could not start or died of a signal
 */
export function runCommand([file, ...args], { cwd, env = {}, shell = false }) {
  return new Promise((resolve) => {
    const child = spawn(file, args, { cwd, stdio: 'inherit', shell, env: { ...process.env, ...env } });
    const forward = (signal) => child.kill(signal);
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, forward);
    const done = (code) => {
      for (const signal of ['SIGINT', 'SIGTERM']) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`could not run ${file}: ${error.message}`);
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Whether an executable of that name is on PATH (for Linux tools such as xvfb-run; no PATHEXT).
 * @param {string} tool
 */
export function onPath(tool) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
