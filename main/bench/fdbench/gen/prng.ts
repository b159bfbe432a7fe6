// A small seeded pseudo-random generator (SplitMix32 state step, Mulberry-style output mix) for reproducible samples.

/**
 * Deterministic random numbers from a 32-bit seed. The same seed gives the same sequence on every
 * platform (only 32-bit integer arithmetic through Math.imul), which is what makes a generated
 * benchmark sample byte-identical when it is regenerated.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // Fold the seed through one mixing round so that neighbouring seeds start far apart.
    this.state = mix32((seed ^ 0x9e3779b9) >>> 0);
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix32(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: ReadonlyArray<T>): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** Picks by weight; weights need not sum to 1. */
  pickWeighted<T>(items: ReadonlyArray<{ item: T; weight: number }>): T {
    const total = items.reduce((sum, entry) => sum + entry.weight, 0);
    let r = this.next() * total;
    for (const entry of items) {
      r -= entry.weight;
      if (r < 0) return entry.item;
    }
    return items[items.length - 1].item;
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffled<T>(items: ReadonlyArray<T>): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** Standard normal (Box–Muller), for noise. */
  gaussian(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** An independent generator derived from this one's next output and a label, so sub-tasks do not shift each other's draws. */
  fork(label: string): SeededRandom {
    let h = this.nextUint32();
    for (let i = 0; i < label.length; i++) h = mix32((h ^ label.charCodeAt(i)) >>> 0);
    return new SeededRandom(h | 0);
  }
}

/** A 32-bit avalanche mix (each input bit flips about half of the output bits). */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
