// Seeded random numbers for the generated suites (timespeak, cuespeak, repcount, codewatch): one stream per sample seed.

/**
 * A Weyl sequence (step 0x9e3779b9) passed through a 32-bit avalanche mix. Only 32-bit integer
 * arithmetic (Math.imul, shifts), so a seed gives the same stream on every platform and Node version,
 * which is what makes a regenerated sample byte-identical.
 */
export class SampleRandom {
  private state: number;

  constructor(readonly seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Both halves of the seed enter the state, so seeds above 2^32 do not collide with small ones.
    this.state = avalanche((seed >>> 0) ^ avalanche(Math.floor(seed / 4294967296) + 0x632be5ab));
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return avalanche(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** A new array with the items in random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Standard normal (Box–Muller; one value per call, the pair's second half is dropped for simplicity). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) cannot happen
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An independent stream for one part of a sample, so adding draws to one part does not shift another. */
  fork(label: string): SampleRandom {
    let h = 0x811c9dc5;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    // 21 bits of the label's hash above 32 bits mixed from seed and label: always a safe integer, so forks can be forked.
    const low = avalanche((this.seed >>> 0) ^ avalanche((Math.floor(this.seed / 4294967296) + h) >>> 0));
    return new SampleRandom((h & 0x1fffff) * 4294967296 + low);
  }
}

function avalanche(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
