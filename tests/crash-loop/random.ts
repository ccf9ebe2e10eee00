import { seededRandom } from '../support/seeded-random';

/** The crash loop's view of the shared seeded generator: integers in a closed range read better for delays. */
export interface RandomSource {
  /** In [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
}

export function randomSource(seed: number): RandomSource {
  const random = seededRandom(seed);
  return {
    next: random.next,
    int: (min, max) => min + random.int(max - min + 1),
    pick<T>(values: readonly T[]): T {
      if (values.length === 0) throw new Error('pick from an empty list');
      return random.pick(values);
    },
  };
}
