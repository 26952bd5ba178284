// Colouring by label and the review categories in the legend (visibility.ts).
import { describe, expect, it } from "vitest";
import { computeVisibility } from "./visibility";
import { FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_OUTLIER, flagNames } from "./flags";
import { LegendState } from "./legend";
import { labelSlots } from "./review/labels";
import { pointColors } from "./pointcolors";

const state = (s: Partial<LegendState> = {}): LegendState => ({ hiddenSlots: new Set(), hideRest: false, hidden: new Set(), ...s });

describe("colour by label", () => {
  const codes = Int32Array.from([0, 2, -1, 1, 0]); // point 2 has no label
  const flags = Uint8Array.from([0, FLAG_LABEL_DISAGREEMENT, FLAG_OUTLIER, FLAG_EXCLUDED, FLAG_OUTLIER]);
  const slots = labelSlots(codes);
  const sizes = Int32Array.from([2, 1, 1]);
  const shown = (v: ReturnType<typeof computeVisibility>) => [0, 1, 2, 3, 4].filter((i) => v.visible(i));

  it("shows unlabelled points (code -1 is not noise)", () => {
    const v = computeVisibility(codes, flags, slots, sizes, state(), false);
    expect(shown(v)).toEqual([0, 1, 2, 3, 4]);
    expect(v.noiseVisible).toBe(true);
  });
  it("hides outliers by their flag even though they have a label colour", () => {
    const v = computeVisibility(codes, flags, slots, sizes, state({ hidden: new Set(["outliers"]) }), false);
    expect(shown(v)).toEqual([0, 1, 3]);
    expect(v.noiseVisible).toBe(true);
  });
  it("hides a label by its code's slot", () => {
    const v = computeVisibility(codes, flags, slots, sizes, state({ hiddenSlots: new Set([0]) }), false);
    expect(shown(v)).toEqual([1, 2, 3]);
  });
  it("hides label disagreements and excluded points through their flags", () => {
    const v = computeVisibility(codes, flags, slots, sizes, state({ hidden: new Set(["label_disagreements", "excluded"]) }), false);
    expect(shown(v)).toEqual([0, 2, 4]);
    expect(v.hideFlags).toBe(FLAG_LABEL_DISAGREEMENT | FLAG_EXCLUDED);
  });
  it("in cluster mode -1 is noise and follows the outliers switch", () => {
    const v = computeVisibility(codes, flags, slots, sizes, state({ hidden: new Set(["outliers"]) }), true);
    expect(v.noiseVisible).toBe(false);
    expect(shown(v)).toEqual([0, 1, 3]);
  });
  it("names the review flags", () => {
    expect(flagNames(FLAG_LABEL_DISAGREEMENT | FLAG_EXCLUDED)).toEqual(["label disagreement", "excluded"]);
  });
});

describe("pointColors", () => {
  const clusters = Int32Array.from([1, 0, -1]);
  const clusterSlots = Int32Array.from([7, 4]);
  const given = Int32Array.from([2, 2, 0]);
  const current = Int32Array.from([2, 3, 0]);
  it("by cluster: cluster ids and their matched slots", () => {
    const c = pointColors("cluster", 3, clusters, clusterSlots, given, current);
    expect([c.mode, c.byCluster, c.ids, c.slots]).toEqual(["cluster", true, clusters, clusterSlots]);
  });
  it("by given or current label: label codes, each its own slot", () => {
    const g = pointColors("label", 3, clusters, clusterSlots, given, current);
    expect([g.byCluster, Array.from(g.ids), Array.from(g.slots)]).toEqual([false, [2, 2, 0], [0, 1, 2]]);
    const c = pointColors("current_label", 3, clusters, clusterSlots, given, current);
    expect(Array.from(c.ids)).toEqual([2, 3, 0]);
  });
  it("without labels every point is grey; without a result it falls back to clusters", () => {
    expect(Array.from(pointColors("label", 3, clusters, clusterSlots, new Int32Array(0), current).ids)).toEqual([-1, -1, -1]);
    expect(pointColors("label", 3, null, clusterSlots, given, current).mode).toBe("cluster");
  });
});
