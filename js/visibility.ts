// Legend state -> what is drawn and what can be picked. Pure, so it is tested
// without a browser.
import { bySizeDesc } from "./sizes";
import { FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER } from "./flags";
import { MAX_LEGEND_CLUSTERS, LegendState } from "./legend";

export interface Visibility {
  hiddenSlots: Set<number>; // colour slots drawn with alpha 0
  clusterVisible: Uint8Array; // per cluster id
  hideFlags: number; // points with any of these flags are hidden
  noiseVisible: boolean;
  showExact: boolean; // exact-duplicate links and markers
  showNear: boolean; // near-duplicate links and markers
  visible: (i: number) => boolean; // per point: drawn, hoverable, selectable
}

/**
 * @param ids       per point: its cluster (colour by cluster) or its label code (colour by label)
 * @param byCluster false when `ids` are label codes: -1 then means "no label", not noise
 */
export function computeVisibility(
  ids: Int32Array, flags: Uint8Array, slots: Int32Array, sizes: Int32Array, st: LegendState, byCluster = true,
): Visibility {
  const hiddenSlots = new Set(st.hiddenSlots);
  if (st.hideRest) for (const id of bySizeDesc(sizes).slice(MAX_LEGEND_CLUSTERS)) hiddenSlots.add(slots[id]);
  const clusterVisible = new Uint8Array(slots.length).fill(1);
  if (hiddenSlots.size > 0) for (let c = 0; c < slots.length; c++) if (hiddenSlots.has(slots[c])) clusterVisible[c] = 0;
  const hideFlags = (st.hidden.has("outliers") ? FLAG_OUTLIER : 0)
    | (st.hidden.has("potential_outliers") ? FLAG_POTENTIAL_OUTLIER : 0)
    | (st.hidden.has("label_disagreements") ? FLAG_LABEL_DISAGREEMENT : 0)
    | (st.hidden.has("excluded") ? FLAG_EXCLUDED : 0);
  const negativeVisible = byCluster ? !st.hidden.has("outliers") : true;
  return {
    hiddenSlots, clusterVisible, hideFlags,
    noiseVisible: negativeVisible,
    showExact: !st.hidden.has("duplicates"),
    showNear: !st.hidden.has("near_duplicates"),
    visible: (i) => (flags[i] & hideFlags) === 0 && (ids[i] < 0 ? negativeVisible : clusterVisible[ids[i]] === 1),
  };
}
