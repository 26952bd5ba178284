import { describe, expect, it } from "vitest";
import { rng } from "./testrng";
import {
  bySizeDesc, clusterSizes, colorTable, countClusters, matchClusters, matchColors, overlapPairs, PALETTE, slotColor,
} from "./colors";

const L = (a: number[]) => Int32Array.from(a);

describe("matchColors", () => {
  it("first assignment gives the lowest slots to the largest clusters", () => {
    // cluster 1 has 3 points, cluster 0 has 2, cluster 2 has 1
    const slots = matchColors(null, null, L([0, 0, 1, 1, 1, 2, -1]));
    expect(Array.from(slots)).toEqual([1, 0, 2]);
  });

  it("keeps a surviving cluster's colour when ids are renumbered", () => {
    const before = L([0, 0, 0, 1, 1, 1, -1]);
    const s0 = matchColors(null, null, before);
    // same two groups, ids swapped by the engine
    const after = L([1, 1, 1, 0, 0, 0, -1]);
    const s1 = matchColors(before, s0, after);
    expect(s1[1]).toBe(s0[0]);
    expect(s1[0]).toBe(s0[1]);
  });

  it("a split keeps the colour on the larger part; the smaller part gets a new free slot", () => {
    const before = L([0, 0, 0, 0, 0, 0, 1, 1]);
    const s0 = matchColors(null, null, before); // [0, 1]
    const after = L([2, 2, 2, 2, 0, 0, 1, 1]); // cluster 0 split into 2 (4 pts) and 0 (2 pts)
    const s1 = matchColors(before, s0, after);
    expect(s1[2]).toBe(s0[0]);
    expect(s1[1]).toBe(s0[1]);
    expect(s1[0]).not.toBe(s0[0]);
    expect(s1[0]).not.toBe(s0[1]);
    expect(new Set(Array.from(s1)).size).toBe(3);
  });

  it("a merge gives the merged cluster the colour of the bigger overlap", () => {
    const before = L([0, 0, 0, 1, 1, 2, 2, 2, 2]);
    const s0 = matchColors(null, null, before); // sizes 3, 2, 4 -> slots [1, 2, 0]
    const after = L([0, 0, 0, 0, 0, 1, 1, 1, 1]); // old 0+1 merged
    const s1 = matchColors(before, s0, after);
    expect(s1[0]).toBe(s0[0]); // overlap 3 beats overlap 2
    expect(s1[1]).toBe(s0[2]);
  });

  it("a new cluster from noise takes the lowest slot not in use", () => {
    const before = L([0, 0, 1, 1, -1, -1, -1]);
    const s0 = matchColors(null, null, before); // [0, 1]
    const after = L([0, 0, 1, 1, 2, 2, 2]);
    const s1 = matchColors(before, s0, after);
    expect(Array.from(s1)).toEqual([0, 1, 2]);
  });

  it("reuses the slot of a cluster that vanished", () => {
    const before = L([0, 0, 0, 1, 1, 2, 2]);
    const s0 = matchColors(null, null, before); // [0, 1, 2]
    const after = L([0, 0, 0, -1, -1, 1, 1]); // old 1 gone; old 2 now id 1
    const s1 = matchColors(before, s0, after);
    expect(Array.from(s1)).toEqual([0, 2]);
    const later = L([0, 0, 0, 2, 2, 1, 1]); // a new cluster appears where old 1 was
    expect(Array.from(matchColors(after, s1, later))).toEqual([0, 2, 1]);
  });

  it("is deterministic on ties (equal overlaps resolve by cluster id)", () => {
    const before = L([0, 0, 1, 1]);
    const s0 = matchColors(null, null, before);
    const after = L([0, 0, 0, 0]);
    expect(Array.from(matchColors(before, s0, after))).toEqual([s0[0]]);
  });

  it("starts fresh when the number of points changes", () => {
    const s = matchColors(L([0, 0]), Int32Array.from([7]), L([0, 0, 0]));
    expect(Array.from(s)).toEqual([0]);
  });

  it("all noise gives no clusters", () => {
    expect(matchColors(null, null, L([-1, -1])).length).toBe(0);
  });

  it("scales linearly: a million points", () => {
    const n = 1_000_000;
    const a = new Int32Array(n), b = new Int32Array(n);
    for (let i = 0; i < n; i++) { a[i] = i % 50; b[i] = (i + 1) % 50; }
    const s0 = matchColors(null, null, a);
    const s1 = matchColors(a, s0, b);
    // b's cluster k holds a's cluster k-1 (mod 50) exactly
    for (let k = 0; k < 50; k++) expect(s1[k]).toBe(s0[(k + 49) % 50]);
  });
});

describe("overlapPairs / sizes", () => {
  it("counts shared points per (new, old) pair, largest first", () => {
    const pairs = overlapPairs(L([0, 0, 1, 1, 1, -1]), L([0, 0, 0, 1, -1, 1]), 2, 2);
    expect(pairs).toEqual([[2, 0, 0], [1, 0, 1], [1, 1, 1]]);
  });

  it("clusterSizes / countClusters / bySizeDesc", () => {
    const l = L([2, 2, 0, -1, 2, 1, 1]);
    expect(countClusters(l)).toBe(3);
    expect(Array.from(clusterSizes(l))).toEqual([1, 2, 3]);
    expect(bySizeDesc(clusterSizes(l))).toEqual([2, 1, 0]);
  });
});

describe("colorTable", () => {
  it("writes each cluster's slot colour, alpha 0 when hidden", () => {
    const { rgba, rows } = colorTable(Int32Array.from([3, 0, 21]), new Set([0]), 4);
    expect(rows).toBe(1);
    expect(Array.from(rgba.slice(0, 4))).toEqual([...PALETTE[3], 255]);
    expect(rgba[7]).toBe(0);
    expect(Array.from(rgba.slice(8, 11))).toEqual(slotColor(21)); // wraps the palette
    expect(slotColor(21)).toEqual(PALETTE[1]);
  });

  it("uses several rows for many clusters", () => {
    expect(colorTable(new Int32Array(10), new Set(), 4).rows).toBe(3);
  });
});

// ---------------------------------------------------------------- against plain references


/** The matching rule written plainly (string-keyed Map, comparator sort, Set): the behaviour to keep. */
function referenceMatch(prevLabels: Int32Array | null, prevSlots: Int32Array | null, labels: Int32Array): number[] {
  let k = 0;
  for (const l of labels) k = Math.max(k, l + 1);
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) if (l >= 0) sizes[l]++;
  const slots = new Array<number>(k).fill(-1);
  const used = new Set<number>();
  if (prevLabels && prevSlots && prevLabels.length === labels.length) {
    const counts = new Map<string, number>();
    for (let i = 0; i < labels.length; i++) {
      const a = labels[i], b = prevLabels[i];
      if (a >= 0 && b >= 0 && b < prevSlots.length) counts.set(`${a},${b}`, (counts.get(`${a},${b}`) ?? 0) + 1);
    }
    const pairs = [...counts].map(([key, c]) => [c, ...key.split(",").map(Number)]);
    pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
    const taken = new Set<number>();
    for (const [, a, b] of pairs) {
      if (slots[a] !== -1 || taken.has(b)) continue;
      slots[a] = prevSlots[b];
      taken.add(b);
      used.add(slots[a]);
    }
  }
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
  let next = 0;
  for (const a of order) {
    if (slots[a] !== -1) continue;
    while (used.has(next)) next++;
    slots[a] = next;
    used.add(next);
  }
  return slots;
}

/** Random labels 0..k-1 with a noise fraction, cluster sizes skewed like real results. */
function randomLabels(rand: () => number, n: number, k: number, noise: number): Int32Array {
  return Int32Array.from({ length: n }, () => (rand() < noise || k === 0 ? -1 : Math.floor(k * rand() * rand())));
}

/** `prev` relabelled: ids permuted, some points moved, some to noise, maybe ids beyond kPrev. */
function perturbed(rand: () => number, prev: Int32Array, k: number, moved: number): Int32Array {
  const perm = Array.from({ length: Math.max(k, 1) }, (_, i) => i).sort(() => rand() - 0.5);
  return prev.map((l) => {
    const u = rand();
    if (u < moved / 2) return -1;
    if (u < moved) return Math.floor(rand() * k);
    return l < 0 ? l : perm[l % perm.length];
  });
}

describe("matchColors against the plain rule", () => {
  it("gives the same slots on random relabellings (splits, merges, noise, renumbering)", () => {
    const rand = rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = Math.floor(rand() * 400);
      const kPrev = Math.floor(rand() * 30), k = Math.floor(rand() * 30);
      const prev = randomLabels(rand, n, kPrev, rand() * 0.3);
      const labels = trial % 3 === 0 ? randomLabels(rand, n, k, rand() * 0.3) : perturbed(rand, prev, Math.max(k, 1), rand() * 0.5);
      const s0 = matchColors(null, null, prev);
      expect(Array.from(s0)).toEqual(referenceMatch(null, null, prev));
      // previous slots as matchColors left them, and arbitrary ones (gaps, large, repeated, negative)
      const arbitrary = Int32Array.from(s0, () => Math.floor(rand() * 60) - 2);
      for (const ps of [s0, arbitrary]) {
        expect(Array.from(matchColors(prev, ps, labels))).toEqual(referenceMatch(prev, ps, labels));
      }
    }
  });

  it("same slots with more new clusters than old ones (the count table grows) and fewer", () => {
    const rand = rng(5);
    for (const [kPrev, k] of [[3, 200], [200, 3], [1, 500], [90, 90]]) {
      const prev = randomLabels(rand, 3000, kPrev, 0.05);
      const labels = randomLabels(rand, 3000, k, 0.05);
      const ps = matchColors(null, null, prev);
      expect(Array.from(matchColors(prev, ps, labels))).toEqual(referenceMatch(prev, ps, labels));
    }
  });

  it("same slots with thousands of clusters on both sides (counted per cluster, not in a table)", () => {
    const rand = rng(9);
    const n = 20_000, k = 2500; // 2500 x 2501 cells is past the table's limit
    const prev = Int32Array.from({ length: n }, (_, i) => (i % 17 === 0 ? -1 : i % k));
    const labels = perturbed(rand, prev, k, 0.2);
    const ps = matchColors(null, null, prev);
    expect(Array.from(matchColors(prev, ps, labels))).toEqual(referenceMatch(prev, ps, labels));
  });

  it("matchClusters returns matchColors' slots and clusterSizes' sizes", () => {
    const rand = rng(2);
    for (let trial = 0; trial < 50; trial++) {
      const prev = randomLabels(rand, 500, 20, 0.1);
      const labels = perturbed(rand, prev, 20, 0.3);
      const ps = matchColors(null, null, prev);
      const { slots, sizes } = matchClusters(prev, ps, labels);
      expect(Array.from(slots)).toEqual(Array.from(matchColors(prev, ps, labels)));
      expect(Array.from(sizes)).toEqual(Array.from(clusterSizes(labels)));
      expect(Array.from(matchClusters(null, null, labels).sizes)).toEqual(Array.from(clusterSizes(labels)));
    }
  });

  it("overlapPairs lists every shared pair, largest first, ties by new then old id", () => {
    const rand = rng(4);
    for (let trial = 0; trial < 100; trial++) {
      const prev = randomLabels(rand, 300, 12, 0.2), labels = randomLabels(rand, 300, 12, 0.2);
      const k = Math.floor(rand() * 13), kOld = Math.floor(rand() * 13);
      const counts = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const a = labels[i], b = prev[i];
        if (a >= 0 && a < k && b >= 0 && b < kOld) counts.set(`${a},${b}`, (counts.get(`${a},${b}`) ?? 0) + 1);
      }
      const want = [...counts].map(([key, c]) => [c, ...key.split(",").map(Number)]);
      want.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
      expect(overlapPairs(prev, labels, k, kOld)).toEqual(want);
      expect(overlapPairs(prev, labels, k, kOld, 0)).toEqual(want); // counted per cluster, no table
      expect(overlapPairs(prev, labels, k, kOld, 3 * (kOld + 1))).toEqual(want); // table gives up while growing
    }
  });

  it("overlapPairs rejects labellings of different lengths", () => {
    expect(() => overlapPairs(L([0, 1]), L([0]), 1, 2)).toThrow(RangeError);
  });
});

describe("sizes, order and colour table against plain definitions", () => {
  it("clusterSizes, countClusters and bySizeDesc on random labels (ties included)", () => {
    const rand = rng(8);
    for (let trial = 0; trial < 100; trial++) {
      const labels = randomLabels(rand, Math.floor(rand() * 300), Math.floor(rand() * 40), 0.2);
      let k = 0;
      for (const l of labels) k = Math.max(k, l + 1);
      expect(countClusters(labels)).toBe(k);
      const kk = Math.floor(rand() * 45);
      const want = new Array<number>(kk).fill(0);
      for (const l of labels) if (l >= 0 && l < kk) want[l]++;
      expect(Array.from(clusterSizes(labels, kk))).toEqual(want);
      expect(bySizeDesc(Int32Array.from(want))).toEqual(want.map((_, i) => i).sort((a, b) => want[b] - want[a] || a - b));
    }
    const huge = Int32Array.from([5, 2 ** 31 - 1, -(2 ** 31), 5]); // past the exact-key range: comparator path
    expect(bySizeDesc(huge)).toEqual([1, 0, 3, 2]);
  });

  it("colorTable writes what slotColor gives, alpha 0 exactly for hidden slots", () => {
    const rand = rng(6);
    for (let trial = 0; trial < 30; trial++) {
      const slots = Int32Array.from({ length: Math.floor(rand() * 50) }, () => Math.floor(rand() * 60) - 10);
      const hidden = new Set(Array.from({ length: trial % 4 }, () => Math.floor(rand() * 60) - 10));
      const { rgba, rows } = colorTable(slots, hidden, 8);
      expect(rows).toBe(Math.max(1, Math.ceil(slots.length / 8)));
      expect(rgba.length).toBe(rows * 8 * 4);
      for (let c = 0; c < slots.length; c++) {
        expect(Array.from(rgba.subarray(4 * c, 4 * c + 4))).toEqual([...slotColor(slots[c]), hidden.has(slots[c]) ? 0 : 255]);
      }
      expect(rgba.subarray(4 * slots.length).every((x) => x === 0)).toBe(true);
    }
  });
});
