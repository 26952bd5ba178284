// The relabel bar: what an action applies to (the current item or the
// selection), a label box with the existing labels as suggestions, keep /
// exclude, undo / redo, the labels keys 1-9 apply, and a status line.
import { button, h, suppressShortcuts } from "../dom";
import type { EditState } from "../model/traits";
import { Choice, quickLabels } from "./labels";

export interface ActionHandlers {
  relabel(label: { code: number } | { text: string }): void;
  keep(): void;
  exclude(): void;
  undo(): void;
  redo(): void;
  targetChanged(): void;
}

let datalistCount = 0;

export class ActionBar {
  readonly root = h("div", "hdbscope-review-actions");
  readonly input = suppressShortcuts(h("input", "hdbscope-label-input"));
  private readonly datalist = h("datalist");
  private readonly chips = h("div", "hdbscope-quick-labels");
  private readonly status = h("span", "hdbscope-review-status");
  private readonly error = h("span", "hdbscope-review-error");
  private readonly undoButton: HTMLButtonElement;
  private readonly redoButton: HTMLButtonElement;
  private readonly itemRadio = suppressShortcuts(h("input"));
  private readonly selRadio = suppressShortcuts(h("input"));
  private readonly itemText = h("span", "", "this item");
  private readonly selText = h("span", "", "selection (0)");
  private quick: Choice[] = [];
  private choices: Choice[] = [];
  private suggested: Choice | null = null;
  private suggestedShare = 0;

  constructor(private readonly on: ActionHandlers) {
    const name = `hdbscope-target-${++datalistCount}`;
    for (const [radio, value] of [[this.itemRadio, "item"], [this.selRadio, "selection"]] as const) {
      radio.type = "radio";
      radio.name = name;
      radio.value = value;
      radio.className = `hdbscope-target-${value}`;
      radio.addEventListener("change", () => on.targetChanged());
    }
    this.itemRadio.checked = true;
    const target = h("div", "hdbscope-review-target");
    const l1 = h("label"), l2 = h("label");
    l1.append(this.itemRadio, this.itemText);
    l2.append(this.selRadio, this.selText);
    target.append(h("span", "hdbscope-review-key", "apply to"), l1, l2);

    this.datalist.id = `hdbscope-label-list-${datalistCount}`;
    this.input.type = "text";
    this.input.setAttribute("list", this.datalist.id);
    this.input.placeholder = "label (l)";
    this.input.setAttribute("aria-label", "new label");
    this.input.autocomplete = "off";
    const set = button("Set label", "hdbscope-set-label", "give the label in the box (Enter)", () => this.applyTyped());
    this.undoButton = button("Undo", "hdbscope-undo", "undo (u, Ctrl+Z)", () => on.undo());
    this.redoButton = button("Redo", "hdbscope-redo", "redo (r, Ctrl+Y)", () => on.redo());
    const edit = h("div", "hdbscope-review-edit");
    edit.append(this.input, this.datalist, set,
      button("Keep", "hdbscope-keep", "keep (k)", () => on.keep()),
      button("Exclude", "hdbscope-exclude", "exclude (x)", () => on.exclude()),
      this.undoButton, this.redoButton);
    const foot = h("div", "hdbscope-review-foot");
    foot.append(this.status, this.error);
    this.root.append(target, edit, this.chips, foot);
    this.setEditState(null);
  }

  /** "item" or "selection": what the next action applies to. */
  get target(): "item" | "selection" { return this.selRadio.checked ? "selection" : "item"; }

  setTarget(t: "item" | "selection"): void {
    this.selRadio.checked = t === "selection";
    this.itemRadio.checked = t !== "selection";
  }

  setCounts(itemSize: number, selected: number): void {
    this.itemText.textContent = itemSize > 0 ? `this item (${itemSize})` : "this item";
    this.selText.textContent = `selection (${selected.toLocaleString("en-US")})`;
    this.selRadio.disabled = selected === 0;
    if (selected === 0 && this.selRadio.checked) this.setTarget("item");
  }

  applyTyped(): void {
    const text = this.input.value.trim();
    if (!text) { this.setError("type a label first"); return; }
    this.on.relabel({ text });
  }

  /** Keys 1-9: false if there is no such label. */
  applyQuick(rank: number): boolean {
    const c = this.quick[rank];
    if (!c) return false;
    this.on.relabel({ code: c[0] });
    return true;
  }

  setChoices(choices: Choice[]): void {
    this.choices = choices;
    this.datalist.replaceChildren(...choices.map(([, text]) => {
      const o = h("option");
      o.value = text; // a property: never parsed as markup
      return o;
    }));
    this.renderChips();
  }

  /** The label the item's neighbours suggest goes first (key 1); null: frequency order. */
  setSuggestion(s: { code: number; label: string; confidence: number } | null): void {
    const known = s && s.code >= 0 ? this.choices.find((c) => c[0] === s.code) : undefined;
    const next: Choice | null = s && s.code >= 0 ? [s.code, s.label, known ? known[2] : 0] : null;
    this.suggested = next;
    this.suggestedShare = s ? s.confidence : 0;
    this.renderChips();
  }

  private renderChips(): void {
    this.quick = quickLabels(this.choices, 9, this.suggested);
    this.chips.replaceChildren(...this.quick.map(([code, text, count], k) => {
      const isSuggested = k === 0 && this.suggested !== null;
      const b = button("", "hdbscope-quick-label", isSuggested
        ? `the label the neighbours suggest (key ${k + 1})` : `apply this label (key ${k + 1})`, () => this.on.relabel({ code }));
      b.dataset.code = String(code);
      if (isSuggested) b.dataset.suggested = "true";
      b.append(h("kbd", "", String(k + 1)), h("span", "hdbscope-quick-text", text),
        h("span", "hdbscope-quick-count", isSuggested ? `(suggested, ${Math.round(100 * this.suggestedShare)}%)`
          : `(${count.toLocaleString("en-US")})`));
      return b;
    }));
  }

  setEditState(s: EditState | null): void {
    this.undoButton.disabled = !s || !s.can_undo;
    this.redoButton.disabled = !s || !s.can_redo;
    this.undoButton.title = s && s.can_undo ? `undo: ${s.undo} (u, Ctrl+Z)` : "nothing to undo";
    this.redoButton.title = s && s.can_redo ? `redo: ${s.redo} (r, Ctrl+Y)` : "nothing to redo";
    if (!s) { this.status.textContent = ""; return; }
    const parts = [`${s.n_edits} edit${s.n_edits === 1 ? "" : "s"}`, `${s.n_relabelled} relabelled`,
      `${s.n_excluded} excluded`, `${s.n_kept} kept`];
    this.status.textContent = parts.join(" · ") + (s.path ? ` · saved to ${s.path}` : " · not saved to a file");
    this.root.dataset.nEdits = String(s.n_edits);
  }

  setError(text: string): void {
    this.error.textContent = text;
  }
}
