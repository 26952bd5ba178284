// Puts one result on the scatter as the legend leaves it visible: each point's
// colour id (uploaded only when the colour mode changes), the colour table, the
// marker and disagreement lists, the duplicate links, the shader's look flags
// and which points can be picked.
import { Reusable } from "./buffers";
import {
  FLAG_DUPLICATE, FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_NEAR_DUPLICATE, FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER,
  indexLists,
} from "./flags";
import { COLOR_TEX_WIDTH } from "./gl/shaders";
import type { LegendState } from "./legend";
import { buildLinks } from "./links";
import type { ResultArrays } from "./model/traits";
import { colorTable } from "./palette";
import type { PointColors } from "./pointcolors";
import type { Scatter } from "./scatter";
import { computeVisibility } from "./visibility";

export class ResultLayers {
  private shownMode = ""; // colour mode whose ids the GPU holds
  // Memory reused across results: the renderer uploads these lists at once and keeps only counts.
  private readonly indexMemory = [0, 1, 2, 3, 4].map(() => new Reusable((k) => new Uint32Array(k)));
  private readonly linkMemory = new Reusable((k) => new Float32Array(k));

  constructor(private readonly scatter: Scatter) {}

  /** The colour ids on the GPU are out of date (a new result, or new label codes): upload them next time. */
  invalidate(): void { this.shownMode = ""; }

  /** Upload `r` coloured as `colored`; returns how many samples are excluded. */
  upload(r: ResultArrays, colored: PointColors, sizes: Int32Array, legendState: LegendState, positions: Float32Array): number {
    const { mode, ids, slots, byCluster } = colored;
    const renderer = this.scatter.renderer;
    if (mode !== this.shownMode) {
      renderer?.setClusters(ids, r.flags);
      this.shownMode = mode;
    }
    const v = computeVisibility(ids, r.flags, slots, sizes, legendState, byCluster);
    const { rgba, rows } = colorTable(slots, v.hiddenSlots, COLOR_TEX_WIDTH);
    renderer?.setColorTable(rgba, rows);
    const [outliers, potential, dups, disagree, excluded] = indexLists(r.flags, [
      FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER, (v.showExact ? FLAG_DUPLICATE : 0) | (v.showNear ? FLAG_NEAR_DUPLICATE : 0),
      FLAG_LABEL_DISAGREEMENT, FLAG_EXCLUDED], this.indexMemory);
    renderer?.setMarkers(outliers, potential, dups);
    renderer?.setDisagreements(disagree);
    renderer?.setLinks(buildLinks(positions, r.links, r.linkKinds, v.visible, this.linkMemory));
    Object.assign(this.scatter.look, {
      noiseVisible: v.noiseVisible, hideFlags: v.hideFlags, showExactLinks: v.showExact, showNearLinks: v.showNear,
      anyHidden: v.hiddenSlots.size > 0 || v.hideFlags !== 0 || !v.noiseVisible,
    });
    this.scatter.pickable = v.visible;
    return excluded.length;
  }
}
