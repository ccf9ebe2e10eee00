import { describe, expect, it } from 'vitest';
import { scrolledMeanwhile } from '../../renderer/src/features/library/library-grid-anchor';

describe('scrolledMeanwhile: what a re-flow keeps of the moves made before its frame', () => {
  it('keeps nothing when the view did not move', () => {
    expect(scrolledMeanwhile(5_000, 5_000, 5_000)).toBe(0);
    // The rows shrank below the view, and the browser has not pulled it up yet.
    expect(scrolledMeanwhile(211_017, 128_599, 211_017)).toBe(0);
  });

  it('keeps nothing of the browser pulling the view up to the new end of shorter rows', () => {
    expect(scrolledMeanwhile(211_017, 128_599, 128_599)).toBe(0);
  });

  it("keeps a person's scroll, down or up", () => {
    expect(scrolledMeanwhile(5_000, 5_000, 5_120)).toBe(120);
    expect(scrolledMeanwhile(5_000, 5_000, 4_900)).toBe(-100);
  });

  it("counts a person's scroll in a frame that also pulled the view up from the new end", () => {
    expect(scrolledMeanwhile(211_017, 128_599, 128_400)).toBe(-199);
  });
});
