import { describe, expect, it } from "vitest";
import { rng } from "./testrng";
import { Reusable } from "./buffers";
import {
  countWithFlags, FLAG_DUPLICATE, FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_NEAR_DUPLICATE, FLAG_OUTLIER,
  FLAG_POTENTIAL_OUTLIER, indexLists, indicesWithFlags,
} from "./flags";

/** The plain definition: every index whose flag byte shares a bit with `bits`. */
function reference(flags: Uint8Array, bits: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < flags.length; i++) if (flags[i] & bits) out.push(i);
  return out;
}


/** Random flags with per-bit densities from sparse to nearly all, at a given byte offset in a larger buffer. */
function randomFlags(rand: () => number, n: number, offset: number): Uint8Array {
  const density = Array.from({ length: 8 }, () => [0, 0.001, 0.03, 0.5, 0.73, 0.999, 1][Math.floor(rand() * 7)]);
  const buf = new Uint8Array(n + offset + 3).fill(0xff); // bytes outside the view must not count
  const flags = buf.subarray(offset, offset + n);
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let b = 0; b < 8; b++) if (rand() < density[b]) f |= 1 << b;
    flags[i] = f;
  }
  return flags;
}

const MASKS = [0, FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER, FLAG_OUTLIER | FLAG_POTENTIAL_OUTLIER,
  FLAG_DUPLICATE | FLAG_NEAR_DUPLICATE, FLAG_LABEL_DISAGREEMENT, FLAG_EXCLUDED, 0xff, 0x80, 0x100, 0x102, -1];

describe("indicesWithFlags / countWithFlags / indexLists", () => {
  it("agree with the plain definition on random flags (any length, byte offset, density and mask)", () => {
    const rand = rng(7);
    for (let trial = 0; trial < 300; trial++) {
      const n = trial < 40 ? trial : Math.floor(rand() * (trial < 250 ? 200 : 5000));
      const flags = randomFlags(rand, n, trial % 4);
      for (const m of MASKS) {
        const want = reference(flags, m);
        expect(Array.from(indicesWithFlags(flags, m))).toEqual(want);
        expect(countWithFlags(flags, m)).toBe(want.length);
      }
      const lists = indexLists(flags, MASKS);
      expect(lists.map((l) => Array.from(l))).toEqual(MASKS.map((m) => reference(flags, m)));
    }
  });

  it("finds the last point and the first one", () => {
    const flags = new Uint8Array(13);
    flags[0] = FLAG_OUTLIER; flags[12] = FLAG_OUTLIER | FLAG_EXCLUDED;
    expect(Array.from(indicesWithFlags(flags, FLAG_OUTLIER))).toEqual([0, 12]);
    expect(Array.from(indicesWithFlags(flags, FLAG_EXCLUDED))).toEqual([12]);
    expect(indicesWithFlags(new Uint8Array(0), 0xff).length).toBe(0);
  });

  it("writes into reused memory when given it: same result, one allocation for a stream of results", () => {
    const rand = rng(3);
    const into = new Reusable((k) => new Uint32Array(k));
    const lists = [new Reusable((k) => new Uint32Array(k)), undefined];
    let prev: Uint32Array | null = null, shared = 0;
    for (let trial = 0; trial < 20; trial++) {
      const flags = randomFlags(rand, 1000 - trial, trial % 4);
      const got = indicesWithFlags(flags, FLAG_POTENTIAL_OUTLIER, into);
      expect(Array.from(got)).toEqual(reference(flags, FLAG_POTENTIAL_OUTLIER));
      const two = indexLists(flags, [FLAG_OUTLIER, FLAG_DUPLICATE], lists);
      expect(two.map((l) => Array.from(l))).toEqual([reference(flags, FLAG_OUTLIER), reference(flags, FLAG_DUPLICATE)]);
      // no new memory while a result fits in what the previous one used
      if (prev && got.length <= prev.buffer.byteLength / 4) { expect(got.buffer).toBe(prev.buffer); shared++; }
      prev = got;
    }
    expect(shared).toBeGreaterThan(5);
  });
});
