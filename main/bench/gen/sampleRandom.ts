// Seeded random numbers for the generated suites (timespeak, cuespeak, repcount, codewatch): one stream per sample seed.

import { avalanche32, WeylRandom } from './random';

/**
 * One stream per sample seed (seeds may exceed 2^32), forkable by label so adding draws to one part of
 * a sample does not shift another.
 */
export class SampleRandom extends WeylRandom {
  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Both halves of the seed enter the state, so seeds above 2^32 do not collide with small ones.
    super(avalanche32((seed >>> 0) ^ avalanche32(Math.floor(seed / 4294967296) + 0x632be5ab)));
  }

  /** An independent stream for one part of a sample, so adding draws to one part does not shift another. */
  fork(label: string): SampleRandom {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    // 21 bits of the label's hash above 32 bits mixed from seed and label: always a safe integer, so forks can be forked.
    const low = avalanche32((this.seed >>> 0) ^ avalanche32((Math.floor(this.seed / 4294967296) + h) >>> 0));
    return new SampleRandom((h & 0x1fffff) * 4294967296 + low);
  }
}
