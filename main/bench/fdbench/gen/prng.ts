// The Full-Duplex-Bench generator's seeded random numbers (the draws live in main/bench/gen/random.ts).

import { avalanche32, WeylRandom } from '../../gen/random';

/**
 * Deterministic random numbers from a 32-bit seed (the Full-Duplex-Bench generator's seeding). The
 * same seed gives the same sequence on every platform, which is what makes a generated benchmark
 * sample byte-identical when it is regenerated.
 */
export class SeededRandom extends WeylRandom {
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Fold the seed through one mixing round so that neighbouring seeds start far apart.
    super(avalanche32((seed ^ 0x9e3779b9) >>> 0));
  }

  /** Standard normal, for noise. */
  gaussian(): number {
    return this.normal();
  }

  /** An independent generator derived from this one's next output and a label, so sub-tasks do not shift each other's draws. */
  fork(label: string): SeededRandom {
    let h = this.nextUint32();
    for (let i = 0; i < label.length; i++) h = avalanche32((h ^ label.charCodeAt(i)) >>> 0);
    return new SeededRandom(h | 0);
  }
}
