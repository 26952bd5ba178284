import { describe, expect, it } from "vitest";
import { computeVisibility } from "./visibility";
import { FLAG_NEAR_DUPLICATE, FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER } from "./flags";
import { MAX_LEGEND_CLUSTERS, LegendState } from "./legend";

const state = (s: Partial<LegendState> = {}): LegendState => ({ hiddenSlots: new Set(), hideRest: false, hidden: new Set(), ...s });

describe("computeVisibility", () => {
  const clusters = Int32Array.from([0, 0, 1, 1, -1, 2]);
  const flags = Uint8Array.from([0, FLAG_POTENTIAL_OUTLIER, 0, FLAG_NEAR_DUPLICATE, FLAG_OUTLIER, 0]);
  const slots = Int32Array.from([5, 3, 9]);
  const sizes = Int32Array.from([2, 2, 1]);
  const visibleSet = (v: ReturnType<typeof computeVisibility>) => [0, 1, 2, 3, 4, 5].filter((i) => v.visible(i));

  it("shows everything by default", () => {
    const v = computeVisibility(clusters, flags, slots, sizes, state());
    expect(visibleSet(v)).toEqual([0, 1, 2, 3, 4, 5]);
    expect([v.hideFlags, v.noiseVisible, v.showExact, v.showNear]).toEqual([0, true, true, true]);
  });

  it("hides a cluster by its colour slot", () => {
    const v = computeVisibility(clusters, flags, slots, sizes, state({ hiddenSlots: new Set([3]) }));
    expect(visibleSet(v)).toEqual([0, 1, 4, 5]);
    expect(Array.from(v.clusterVisible)).toEqual([1, 0, 1]);
  });

  it("hides outliers and potential outliers by flag", () => {
    const v = computeVisibility(clusters, flags, slots, sizes, state({ hidden: new Set(["outliers", "potential_outliers"]) }));
    expect(visibleSet(v)).toEqual([0, 2, 3, 5]);
    expect(v.noiseVisible).toBe(false);
    expect(v.hideFlags).toBe(FLAG_OUTLIER | FLAG_POTENTIAL_OUTLIER);
  });

  it("duplicate toggles switch links and markers, not points", () => {
    const v = computeVisibility(clusters, flags, slots, sizes, state({ hidden: new Set(["near_duplicates"]) }));
    expect(v.showNear).toBe(false);
    expect(v.showExact).toBe(true);
    expect(v.visible(3)).toBe(true);
  });

  it("'smaller clusters' hides every cluster beyond the legend's list", () => {
    const k = MAX_LEGEND_CLUSTERS + 3;
    const lab = Int32Array.from({ length: k }, (_, i) => i);
    const sz = Int32Array.from({ length: k }, (_, i) => k - i); // cluster 0 largest
    const sl = Int32Array.from({ length: k }, (_, i) => i);
    const v = computeVisibility(lab, new Uint8Array(k), sl, sz, state({ hideRest: true }));
    expect(lab.filter((i) => v.visible(i)).length).toBe(MAX_LEGEND_CLUSTERS);
    expect(v.visible(k - 1)).toBe(false);
    expect(v.visible(0)).toBe(true);
  });
});
