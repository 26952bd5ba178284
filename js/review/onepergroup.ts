// "Keep one per group": keep one member of every exact or near-duplicate group
// and exclude the rest, by a rule (first, medoid, largest value of an info
// column). Python previews how many samples the rule will exclude before it is
// applied; applying is one edit (one undo). Only rule and column NAMES go to
// Python, never code or paths.
import { button, h, suppressShortcuts } from "../dom";
import type { Model } from "../model/traits";

export interface OnePerGroupReply {
  type: "one_per_group";
  id: number;
  ok: boolean;
  applied?: boolean;
  n_groups?: number;
  n_excluded?: number;
  n_changed?: number;
  error?: string;
}

export function isOnePerGroupReply(m: unknown): m is OnePerGroupReply {
  const r = m as OnePerGroupReply;
  return !!r && r.type === "one_per_group" && typeof r.id === "number" && typeof r.ok === "boolean";
}

export class OnePerGroup {
  readonly root = h("div", "hdbscope-one-per-group");
  private readonly kind = suppressShortcuts(h("select", "hdbscope-opg-kind"));
  private readonly rule = suppressShortcuts(h("select", "hdbscope-opg-rule"));
  private readonly preview = h("span", "hdbscope-opg-preview");
  private readonly apply: HTMLButtonElement;
  private nextId = 1;
  private previewId = 0; // the newest preview asked for: older answers are dropped

  constructor(private readonly model: Model, private readonly applied: (r: OnePerGroupReply) => void) {
    for (const [value, text] of [["exact", "duplicate groups"], ["near", "near-duplicate groups"]]) {
      const o = h("option", "", text);
      o.value = value;
      this.kind.append(o);
    }
    this.kind.setAttribute("aria-label", "which groups");
    this.rule.setAttribute("aria-label", "which member to keep");
    this.setColumns((model.get("info_columns") as string[] | undefined) ?? []);
    this.apply = button("Apply", "hdbscope-opg-apply", "keep one member of every group, exclude the others (one undo)",
      () => this.send(true));
    this.kind.addEventListener("change", () => this.refresh());
    this.rule.addEventListener("change", () => this.refresh());
    this.root.append(h("span", "hdbscope-review-key", "keep one per"), this.kind, h("span", "", "by"), this.rule,
      this.apply, this.preview);
  }

  setColumns(columns: string[]): void {
    const current = this.rule.value;
    const options: Array<[string, string]> = [["first", "first (lowest index)"], ["medoid", "medoid (closest to the group's centre)"],
      ...columns.map((c): [string, string] => [c, `largest ${c}`])];
    this.rule.replaceChildren(...options.map(([value, text]) => {
      const o = h("option", "", text);
      o.value = value;
      return o;
    }));
    if (options.some(([v]) => v === current)) this.rule.value = current;
  }

  /** Ask Python how many samples the chosen rule would exclude now. */
  refresh(): void { this.send(false); }

  private send(apply: boolean): void {
    const id = this.nextId++;
    if (!apply) this.previewId = id;
    this.apply.disabled = apply || this.apply.disabled;
    this.model.send({ type: "one_per_group", id, kind: this.kind.value, by: this.rule.value, apply });
  }

  /** Feed every custom message here; true if it was this control's. */
  onMessage(content: unknown): boolean {
    if (!isOnePerGroupReply(content)) return false;
    const r = content;
    this.apply.disabled = false;
    if (r.applied) {
      this.applied(r);
      this.refresh();
      return true;
    }
    if (r.id !== this.previewId) return true;
    this.root.dataset.excluded = r.ok ? String(r.n_excluded) : "";
    this.preview.textContent = !r.ok ? r.error || "failed"
      : r.n_groups ? `will exclude ${r.n_excluded} sample${r.n_excluded === 1 ? "" : "s"} in ${r.n_groups} group${r.n_groups === 1 ? "" : "s"}`
        : "no groups";
    this.apply.disabled = !r.ok || !r.n_groups;
    return true;
  }
}
