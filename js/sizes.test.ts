import { describe, expect, it } from "vitest";
import { rng } from "./testrng";
import { bySizeDesc, clusterSizes, countClusters } from "./sizes";

const L = (a: number[]) => Int32Array.from(a);

/** Random labels 0..k-1 with a noise fraction, cluster sizes skewed like real results. */
function randomLabels(rand: () => number, n: number, k: number, noise: number): Int32Array {
  return Int32Array.from({ length: n }, () => (rand() < noise || k === 0 ? -1 : Math.floor(k * rand() * rand())));
}

describe("cluster sizes and order", () => {
  it("clusterSizes / countClusters / bySizeDesc", () => {
    const l = L([2, 2, 0, -1, 2, 1, 1]);
    expect(countClusters(l)).toBe(3);
    expect(Array.from(clusterSizes(l))).toEqual([1, 2, 3]);
    expect(bySizeDesc(clusterSizes(l))).toEqual([2, 1, 0]);
  });

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

});
