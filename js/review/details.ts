// The review panel's text about one item (what Python answered), and its
// category switches. detailRows is pure, so it is tested without a browser.
import { h, suppressShortcuts } from "../dom";
import type { ReviewReply } from "../model/messages";
import { CATEGORIES } from "./queue";

/** [key, value] rows: cluster, its majority label and purity, outlier score, notes. */
export function detailRows(r: ReviewReply): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const first = r.members[0];
  if (first) rows.push(["cluster", first.cluster >= 0 ? String(first.cluster) : "noise (-1)"]);
  if (r.majority) {
    const pct = r.majority.purity === null ? "" : ` (${Math.round(100 * r.majority.purity)}% of its labels)`;
    rows.push([`cluster ${r.majority.cluster} majority label`, (r.majority.label ?? "(none)") + pct]);
  } else if (first) rows.push(["majority label", "noise has no cluster"]);
  const s = r.suggestion;
  if (s && first) {
    const pct = (x: number) => `${Math.round(100 * x)}%`;
    rows.push(["neighbours say", `${s.label} (${pct(s.confidence)} of their vote; its label ${pct(s.quality)})`]);
    const shown = r.neighbors.length;
    rows.push(["supported by", s.supporters.length
      ? `${s.supporters.map((i) => `#${i}`).join(", ")} (${s.supporters.length} of the ${shown} nearest shown)`
      : `none of the ${shown} nearest shown`]);
  }
  if (first) rows.push(["outlier score", first.outlier_score.toFixed(3)]);
  if (r.n_members > r.members.length) rows.push(["members", `${r.members.length} of ${r.n_members} shown`]);
  if (r.error) rows.push(["note", r.error]);
  return rows;
}

export function infoRows(rows: Array<[string, string]>): HTMLElement[] {
  return rows.map(([k, v]) => {
    const row = h("div", "hdbscope-review-row");
    row.dataset.key = k;
    row.append(h("span", "hdbscope-review-key", k), h("span", "hdbscope-review-value", v));
    return row;
  });
}

/** One check box per category (with its count); `disabled` holds the unchecked ones. */
export function categoryToggles(counts: number[], disabled: Set<number>, changed: () => void): HTMLElement[] {
  return CATEGORIES.map((name, cat) => {
    const label = h("label", "hdbscope-review-toggle");
    label.dataset.category = name;
    const box = suppressShortcuts(h("input"));
    box.type = "checkbox";
    box.checked = !disabled.has(cat);
    box.addEventListener("change", () => {
      if (box.checked) disabled.delete(cat); else disabled.add(cat);
      changed();
    });
    label.append(box, h("span", "", `${name.replace(/_/g, " ")} ${counts[cat]}`));
    return label;
  });
}
