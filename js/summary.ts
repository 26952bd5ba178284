// Live counts of the current result, a busy indicator and any error.
import { h } from "./dom";
import type { Summary } from "./model/traits";

const COUNTS: Array<[keyof Summary, string]> = [
  ["n_clusters", "clusters"],
  ["n_outliers", "outliers"],
  ["n_potential_outliers", "potential outliers"],
  ["n_duplicate_groups", "duplicate groups"],
  ["n_near_duplicate_groups", "near-duplicate groups"],
  ["n_label_disagreements", "label disagreements"],
];

export class SummaryBar {
  readonly root = h("div", "hdbscope-summary");
  private readonly values = new Map<string, HTMLElement>();
  private readonly busy = h("span", "hdbscope-busy");
  private readonly selected = h("span", "hdbscope-selected-count");
  private readonly error = h("span", "hdbscope-error-text");

  constructor() {
    this.busy.setAttribute("role", "status");
    this.busy.title = "computing";
    for (const [key, label] of COUNTS) {
      const item = h("span", "hdbscope-count");
      item.dataset.count = key;
      const v = h("b", "hdbscope-count-value", "–");
      item.append(v, h("span", "hdbscope-count-label", ` ${label}`));
      this.values.set(key, v);
      this.root.append(item);
    }
    this.root.append(this.selected, this.busy, this.error);
  }

  /** The label-disagreement count shows only when there are labels to check. */
  showLabelCheck(on: boolean): void {
    (this.values.get("n_label_disagreements")!.parentElement as HTMLElement).hidden = !on;
  }

  setSummary(s: Summary | null | undefined): void {
    for (const [key] of COUNTS) {
      const v = s ? s[key] : undefined;
      this.values.get(key)!.textContent = typeof v === "number" ? v.toLocaleString("en-US") : "–";
    }
  }

  setBusy(busy: boolean): void {
    this.busy.classList.toggle("is-busy", busy);
    this.busy.textContent = busy ? "computing…" : "";
  }

  setSelected(count: number): void {
    this.selected.textContent = count > 0 ? `${count.toLocaleString("en-US")} selected` : "";
  }

  setError(text: string): void {
    this.error.textContent = text;
  }
}
