import { describe, expect, it } from "vitest";
import { bySizeDesc, clusterSizes, colorTable, countClusters, matchColors, overlapPairs, PALETTE, slotColor } from "./colors";

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
