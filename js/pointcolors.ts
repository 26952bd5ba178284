// What the points are colored by (the color-by switch): per point an id
// (its cluster, or the code of its given or current label) and each id's
// color slot. Cluster slots come from Python with each result (the same in
// every view); a label code is its own slot (kept while labels are edited).
import { labelSlots } from "./review/labels";

export interface PointColors { mode: string; ids: Int32Array; slots: Int32Array; byCluster: boolean }

export function pointColors(mode: string, n: number, clusters: Int32Array | null, clusterSlots: Int32Array,
  labelCodes: Int32Array, currentCodes: Int32Array): PointColors {
  if (!clusters || (mode !== "label" && mode !== "current_label")) {
    return { mode: "cluster", ids: clusters ?? new Int32Array(0), slots: clusterSlots, byCluster: true };
  }
  const codes = mode === "label" ? labelCodes : currentCodes;
  const ids = codes.length === n ? codes : new Int32Array(n).fill(-1); // no labels: all grey
  return { mode, ids, slots: labelSlots(ids), byCluster: false };
}
