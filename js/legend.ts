// Legend with a show/hide checkbox per category: the largest clusters one by
// one (the rest together), outliers, potential outliers, exact and near
// duplicates. Cluster visibility is kept per colour slot, so a hidden cluster
// stays hidden while it survives slider moves.
import { slotColor } from "./palette";
import { bySizeDesc } from "./sizes";
import { h, rgbCss, suppressShortcuts } from "./dom";
import { SHADE_DISAGREEMENTS, SHADE_DUPLICATES, SHADE_OUTLIERS, SHADE_POTENTIAL } from "./lod";

export const MAX_LEGEND_CLUSTERS = 24;

export type Category = "outliers" | "potential_outliers" | "duplicates" | "near_duplicates"
  | "label_disagreements" | "excluded";

export interface LegendState {
  hiddenSlots: Set<number>;
  hideRest: boolean; // clusters beyond the first MAX_LEGEND_CLUSTERS
  hidden: Set<Category>;
}

export interface LegendCounts {
  sizes: Int32Array; // per cluster id (or label code when colouring by label)
  slots: Int32Array; // per cluster id (or label code)
  outliers: number;
  potential_outliers: number;
  duplicates: number; // groups
  near_duplicates: number; // groups
  label_disagreements: number | null; // null: no labels, no row
  excluded: number;
  /** Colouring by label: the rows name labels (text from Python, set as text). */
  labelName?: (code: number) => string;
}

/** Renderer tint bits (gl/shaders.ts) -> the legend rows they turn from markers into shades. */
const SHADED_ROWS: Array<[number, string[]]> = [
  [SHADE_OUTLIERS, ["outliers"]], [SHADE_POTENTIAL, ["potential_outliers"]],
  [SHADE_DUPLICATES, ["duplicates", "near_duplicates"]], [SHADE_DISAGREEMENTS, ["label_disagreements"]],
];
const SHADED_TITLE = "too many to mark at this size: drawn as darker (or link-coloured) points; markers return when fewer";

export class Legend {
  readonly root = h("div", "hdbscope-legend");
  private shaded = 0;
  constructor(private readonly state: LegendState, private readonly changed: () => void) {}

  /** Which categories are shown as shades instead of markers (see lod.ts). */
  setShaded(tint: number): void {
    if (tint === this.shaded) return;
    this.shaded = tint;
    this.markShaded();
  }

  private markShaded(): void {
    for (const [bit, keys] of SHADED_ROWS) {
      for (const key of keys) {
        const row = this.root.querySelector<HTMLElement>(`.hdbscope-legend-row[data-key="${key}"]`);
        if (!row) continue;
        const on = (this.shaded & bit) !== 0;
        row.classList.toggle("shaded", on);
        if (on) row.title = SHADED_TITLE; else row.removeAttribute("title");
      }
    }
  }

  render(c: LegendCounts): void {
    const byLabel = c.labelName !== undefined;
    const rows: HTMLElement[] = [h("div", "hdbscope-legend-title", byLabel ? "Legend (labels)" : "Legend")];
    const order = bySizeDesc(c.sizes).filter((id) => !byLabel || c.sizes[id] > 0);
    for (const id of order.slice(0, MAX_LEGEND_CLUSTERS)) {
      const slot = c.slots[id];
      rows.push(this.row(byLabel ? c.labelName!(id) : `cluster ${id}`, c.sizes[id], "disc", rgbCss(slotColor(slot)),
        !this.state.hiddenSlots.has(slot), (on) => toggle(this.state.hiddenSlots, slot, !on),
        byLabel ? `label-${id}` : `cluster-${id}`));
    }
    if (order.length > MAX_LEGEND_CLUSTERS) {
      const rest = order.slice(MAX_LEGEND_CLUSTERS);
      const total = rest.reduce((s, id) => s + c.sizes[id], 0);
      rows.push(this.row(`${rest.length} smaller ${byLabel ? "labels" : "clusters"}`, total, "disc rest", "",
        !this.state.hideRest, (on) => { this.state.hideRest = !on; }, "rest"));
    }
    if (order.length === 0) rows.push(h("div", "hdbscope-legend-empty", byLabel ? "no labels" : "no clusters"));
    const cat = (key: Category, label: string, count: number, swatch: string) =>
      this.row(label, count, swatch, "", !this.state.hidden.has(key), (on) => toggle(this.state.hidden, key, !on), key);
    rows.push(
      cat("outliers", "outliers (noise)", c.outliers, "outlier"),
      cat("potential_outliers", "potential outliers", c.potential_outliers, "potential"),
      cat("duplicates", "exact duplicates", c.duplicates, "exact"),
      cat("near_duplicates", "near duplicates", c.near_duplicates, "near"),
    );
    if (c.label_disagreements !== null) {
      rows.push(cat("label_disagreements", "label disagreements", c.label_disagreements, "disagree"));
    }
    if (c.excluded > 0 || this.state.hidden.has("excluded")) rows.push(cat("excluded", "excluded", c.excluded, "excluded"));
    this.root.replaceChildren(...rows);
    this.markShaded();
  }

  private row(label: string, count: number, swatch: string, color: string, on: boolean,
    set: (on: boolean) => void, key: string): HTMLElement {
    const row = h("label", "hdbscope-legend-row");
    row.dataset.key = key;
    const box = suppressShortcuts(h("input", "hdbscope-legend-toggle"));
    box.type = "checkbox";
    box.checked = on;
    box.addEventListener("change", () => { set(box.checked); this.changed(); });
    const sw = h("span", `hdbscope-swatch ${swatch}`);
    if (color) sw.style.setProperty("--swatch", color);
    row.append(box, sw, h("span", "hdbscope-legend-label", label), h("span", "hdbscope-legend-count", count.toLocaleString("en-US")));
    return row;
  }
}

function toggle<T>(set: Set<T>, key: T, add: boolean): void {
  if (add) set.add(key); else set.delete(key);
}
