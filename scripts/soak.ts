// `npm run soak [-- --kills 500] [--seed N]`: the crash loop of tests/unit/crash-loop.test.ts, long.
// A studio in a child process is killed with SIGKILL at seeded random points while it generates
// (link and base64 delivery), exports and moves its library, against the fake API on 127.0.0.1;
// then the folder is opened again and every POST the fake answered is accounted for. Prints the
// figures; exits 1 when a paid image was lost, a job was sent twice, or the library is not whole.
import { parseArgs } from 'node:util';
import { describeFigures, runCrashLoop } from '../tests/crash-loop/crash-loop';

const { values } = parseArgs({
  options: {
    kills: { type: 'string', default: '500' },
    seed: { type: 'string' },
  },
});
const whole = (name: string, value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
  return number;
};

const kills = whole('kills', values.kills);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : whole('seed', values.seed);
console.log(`soak: ${kills} kills, seed ${seed} (--seed ${seed} replays the same plan)`);
const figures = await runCrashLoop({ kills, seed, log: (line) => console.log(line), keepFailedFolder: true });
console.log(describeFigures(figures));

const failures = [
  ...figures.lost.map((line) => `lost: ${line}`),
  ...figures.duplicates.map((line) => `sent twice: ${line}`),
  ...figures.orphans.map((line) => `orphan: ${line}`),
  ...figures.missingFiles.map((line) => `missing file: ${line}`),
  ...figures.integrityFailures.map((line) => `integrity: ${line}`),
  ...(figures.integrity === 'ok' ? [] : [`integrity at the end: ${figures.integrity}`]),
  ...figures.childFailures.map((line) => `crashed on its own: ${line}`),
];
for (const failure of failures) console.log(`  ${failure}`);
console.log(failures.length === 0 ? 'soak: passed' : `soak: FAILED (${failures.length} problems)`);
process.exit(failures.length === 0 ? 0 : 1);
