// How the loads of an interleaved comparison (ours and the floor, and another build with BENCH_WWW_BEFORE) are
// arranged: their order in each round, and which server serves the floor. A load may run faster or slower after
// some pages than after others (the previous page's teardown, its server's work, the browser process's caches):
// each kind comes after each other kind equally often, so such an effect can't land on one side. With three kinds
// a plain rotation fails that: ours came after the other build in 2 of 3 rounds, and the other build after the
// floor in 2 of 3.

/**
 * Williams' design for three treatments: six orders after which every ordered pair of different kinds is
 * adjacent equally often, also across the ends of rounds when they are run one after another in this order.
 */
const THREE = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [0, 2, 1], [2, 1, 0], [1, 0, 2]];

/** The runs of round `i` in their order: two alternate every round, three follow Williams' design. */
export function roundOrder(runs, i) {
  if (runs.length === 2) return i % 2 ? [runs[1], runs[0]] : [...runs];
  if (runs.length === 3) return THREE[i % 6].map((k) => runs[k]);
  throw new Error(`roundOrder: expected 2 or 3 runs, got ${runs.length}`);
}

/**
 * The server of round `i`'s floor load. In an A/B of two builds each has its own server, and the floor's loads
 * alternate between them: each server then creates as many sessions and serves as many pages as the other.
 */
export const floorBase = (base, before, i) => (before && i % 2 ? before : base);
