import { describe, expect, it } from "vitest";
import { labelDisagreements } from "./labelcheck";

describe("label check (cluster majority)", () => {
  const clusters = Int32Array.from([0, 0, 0, 1, 1, 1, 1, -1]);
  const codes = Int32Array.from([2, 2, 1, 0, 1, 1, 0, 2]);
  it("flags labels that differ from their cluster's majority; ties go to the lower rank", () => {
    const r = labelDisagreements(clusters, 2, codes, Int32Array.from([0, 1, 2]));
    expect(Array.from(r.majority)).toEqual([2, 0]); // cluster 1: codes 0 and 1 tie, 0 ranks first
    expect(Array.from(r.isDisagreement)).toEqual([0, 0, 1, 0, 1, 1, 0, 0]);
    expect(r.count).toBe(3);
    expect(Array.from(r.purity)).toEqual([2 / 3, 0.5]);
    const byRank = labelDisagreements(clusters, 2, codes, Int32Array.from([2, 1, 0]));
    expect(byRank.majority[1]).toBe(1);
  });
  it("gives the same answer with many clusters and labels (sparse counts)", () => {
    const rank = Int32Array.from({ length: 3000 }, (_, i) => i);
    const sparse = labelDisagreements(clusters, 2000, codes, rank);
    const dense = labelDisagreements(clusters, 2, codes, rank);
    expect(Array.from(sparse.isDisagreement)).toEqual(Array.from(dense.isDisagreement));
    expect(Array.from(sparse.majority.subarray(0, 2))).toEqual(Array.from(dense.majority));
  });
});
