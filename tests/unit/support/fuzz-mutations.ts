import { nastyValues, NASTY_STRINGS, randomValue, type Random } from './fuzz-values';

/**
 * Mutations of a valid IPC input: one change at a time, so most payloads get past the outer shape
 * and reach the inner rules (a path where an id belongs, a NUL in a name, an own `__proto__` key
 * beside real fields, a number that is NaN), and some are still valid and reach the handler.
 */

type Key = string | number;
type Container = Record<Key, unknown>;

const isContainer = (value: unknown): value is Container =>
  typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);

/** Every place in a value, the root included (as []), not descending into bytes. */
function pathsOf(value: unknown, path: Key[] = []): Key[][] {
  const here = [path];
  if (!isContainer(value)) return here;
  return here.concat(Object.keys(value).flatMap((key) => pathsOf(value[key], [...path, Array.isArray(value) ? Number(key) : key])));
}

const at = (value: unknown, path: Key[]) => path.reduce<unknown>((node, key) => (node as Container)[key], value);

/** Sets as an own property (defineProperty), so "__proto__" is a plain key, as it arrives from a structured clone. */
function setOwn(target: Container, key: Key, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function replaced(sample: unknown, path: Key[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(sample);
  setOwn(at(copy, path.slice(0, -1)) as Container, path.at(-1)!, value);
  return copy;
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'polluted', 'path', 'destination', 'files', 'then'];
const NASTY_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, -1, 0.5, 1e308, 2 ** 53 + 2, 10_000_001];
const light = nastyValues().filter(([label]) => !/1 MB|1e5|10k keys|levels/.test(label));

export interface Mutation {
  label: string;
  value: unknown;
}

/** One random change to `sample`, described in `label`. */
export function mutate(random: Random, sample: unknown): Mutation {
  const paths = pathsOf(sample);
  const path = random.pick(paths);
  const where = path.length === 0 ? '(root)' : path.join('.');
  const target = at(sample, path);
  switch (random.int(6)) {
    case 0: {
      const [label, value] = random.pick(light);
      return { label: `${where} := ${label}`, value: replaced(sample, path, value) };
    }
    case 1:
      return { label: `${where} := random`, value: replaced(sample, path, randomValue(random, 3)) };
    case 2: {
      const containers = paths.filter((candidate) => isContainer(at(sample, candidate)) && !Array.isArray(at(sample, candidate)));
      if (containers.length === 0) return { label: `${where} := {}`, value: replaced(sample, path, {}) };
      const inside = random.pick(containers);
      const key = random.pick(HOSTILE_KEYS);
      const copy = structuredClone(sample);
      setOwn(at(copy, inside) as Container, key, { polluted: true, prototype: { polluted: true } });
      return { label: `${inside.join('.') || '(root)'} + own "${key}"`, value: copy };
    }
    case 3: {
      if (path.length === 0) return { label: 'wrapped in an array', value: [sample] };
      const copy = structuredClone(sample);
      const parent = at(copy, path.slice(0, -1)) as Container;
      if (Array.isArray(parent)) parent.splice(Number(path.at(-1)), 1);
      else delete parent[path.at(-1)!];
      return { label: `${where} removed`, value: copy };
    }
    case 4: {
      const text = random.pick(NASTY_STRINGS);
      const value = typeof target === 'string' && random.int(2) === 0 ? `${target}${text}` : text;
      return { label: `${where} := string of ${value.length} chars`, value: replaced(sample, path, value) };
    }
    default: {
      const number = random.pick(NASTY_NUMBERS);
      return { label: `${where} := ${Object.is(number, -0) ? '-0' : String(number)}`, value: replaced(sample, path, number) };
    }
  }
}
