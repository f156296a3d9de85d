/**
 * The mutator's random numbers: a small, fast, deterministic generator (SplitMix32), seeded per
 * mutant from (run seed, mutant index), so mutant i is the same whatever else the run makes:
 * shards (`--shard K/N`) compute only their own mutants and still agree with an unsharded run.
 *
 * SplitMix32 is the 32-bit variant of Steele, Lea and Flood's SplitMix ("Fast splittable
 * pseudorandom number generators", OOPSLA 2014): a Weyl sequence (add 0x9E3779B9) put through a
 * mixing function (the MurmurHash3 finalizer constants of Stafford's "Mix13" family, 32-bit
 * form). Not cryptographic; chosen because it is tiny, has no bad seeds (any u32 state works,
 * zero included) and a state of one number makes "seed from (seed, i)" trivial.
 */

/** Mixes a u32 into a well-spread u32 (the SplitMix32 output function). */
export function mix32(x: number): number {
  let t = x | 0;
  t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
  t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/** A deterministic generator of u32s and the small draws the mutator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** Starts the sequence again from `seed` (a run reuses one generator for all its mutants). */
  reseed(seed: number): this {
    this.state = seed | 0;
    return this;
  }

  /** The next u32. */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return mix32(this.state);
  }

  /**
   * An integer in [0, n) (n >= 1, up to 2^21): the high part of u32 x n, exact in a double.
   * A multiply, where `u32 % n` on a u32 above 2^31 is a floating-point remainder (the draws'
   * largest cost in a valid mutant).
   */
  below(n: number): number {
    return n <= 1 ? 0 : Math.floor((this.u32() * n) / 0x100000000);
  }

  /** An integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    const span = hi - lo + 1;
    // Spans above 2^32 do not occur (values are u32); a product of two draws covers 2^32 itself.
    // Otherwise the high part of u32 x span, as in `below` (the product's rounding cannot reach span).
    return span > 0xffffffff ? lo + ((this.u32() * 0x100000000 + this.u32()) % span) : lo + Math.min(span - 1, Math.floor((this.u32() * span) / 0x100000000));
  }

  /** One element of a non-empty list. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.below(xs.length)]!;
  }

  /** True with probability num/den. */
  chance(num: number, den: number): boolean {
    return this.below(den) < num;
  }
}

/** The generator of mutant `index` in a run seeded with `seed`: independent of every other mutant. */
export function mutantRng(seed: number, index: number, reuse?: Rng): Rng {
  // Two rounds of mixing keep (seed, i) and (seed + 1, i - 1) apart.
  const state = mix32((mix32(seed) + Math.imul(index | 0, 0x9e3779b9)) | 0) ^ (Math.floor(index / 0x100000000) | 0);
  return reuse ? reuse.reseed(state) : new Rng(state);
}
