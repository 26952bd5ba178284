import { describe, expect, it } from "vitest";
import {
  defaultOutlierThresholdWeighted, NO_POTENTIAL, potentialOutliers, TOP_SHARE,
} from "./outliers";

// The rule by a full sort (numpy's quantile(..., method="higher")), to check the O(n) selection against.
function bySort(scores: number[], labels: number[]): number {
  const c = scores.filter((_, i) => labels[i] >= 0).sort((a, b) => a - b);
  if (!c.length) return NO_POTENTIAL;
  const q = 1 - TOP_SHARE;
  const cut = c[Math.min(c.length - 1, Math.ceil(c.length * q + (1 - q) - 1))];
  return cut > 0 ? cut : (c.find((v) => v > 0) ?? NO_POTENTIAL);
}

describe("default outlier_threshold", () => {
  it("equals the sorted reference on random scores with ties, zeros and noise", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 300; t++) {
      const n = 1 + Math.floor(rnd() * 400);
      const scores = Array.from({ length: n }, () => (rnd() < 0.3 ? 0 : Math.round(rnd() * 20) / 20));
      const labels = Array.from({ length: n }, () => (rnd() < 0.2 ? -1 : 0));
      const ones = new Int32Array(n).fill(1);
      expect(defaultOutlierThresholdWeighted(Float64Array.from(scores), Int32Array.from(labels), ones))
        .toBe(bySort(scores, labels));
    }
  });

  it("over weighted points equals the rule over the samples they stand for", () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let t = 0; t < 300; t++) {
      const np = 1 + Math.floor(rnd() * 200);
      const scores = Array.from({ length: np }, () => (rnd() < 0.3 ? 0 : Math.round(rnd() * 20) / 20));
      const labels = Array.from({ length: np }, () => (rnd() < 0.2 ? -1 : 0));
      const weight = Array.from({ length: np }, () => (rnd() < 0.8 ? 1 : 1 + Math.floor(rnd() * 60)));
      const s: number[] = [], l: number[] = [];
      weight.forEach((w, p) => { for (let k = 0; k < w; k++) { s.push(scores[p]); l.push(labels[p]); } });
      expect(defaultOutlierThresholdWeighted(Float64Array.from(scores), Int32Array.from(labels), Int32Array.from(weight)))
        .toBe(bySort(s, l));
    }
  });
  it("flags nothing without clustered samples, and clustered samples at or above the cut", () => {
    expect(defaultOutlierThresholdWeighted(Float64Array.from([0.5]), Int32Array.from([-1]), Int32Array.from([1])))
      .toBe(NO_POTENTIAL);
    expect(Array.from(potentialOutliers(Float64Array.from([0.1, 0.5, 0.9]), Int32Array.from([0, 0, -1]), 0.5)))
      .toEqual([0, 1, 0]);
  });
});
