// Review decisions made in the saved page (relabel, keep, exclude, undo, redo):
// applied here the way review/_edits.py's EditLog applies them (a stack of
// batches; undo replays from the saved state). The batches in force are what
// the decisions file holds: explorer.load_decisions(path) replays them in
// Python as new edits (journal included), so undo here never reaches back into
// edits made before the page was saved.

import { FLAG_EXCLUDED, FLAG_RELABELLED } from "../flags";

// Decision codes and names, as review/_edits.py's KEEP, EXCLUDE and DECISION_NAMES (the saved page's
// "decisions" buffer holds Python's codes; tests/test_shared_constants.py checks both sides agree).
export const KEEP = 1;
export const EXCLUDE = 2;
export const DECISION_NAMES = ["", "keep", "exclude"];
const DECISION_OF: Record<string, number> = { keep: KEEP, exclude: EXCLUDE };

/** One user action, as the decisions file stores it (labels by their text). */
export interface EditCommand {
  action: "relabel" | "keep" | "exclude" | "undo" | "redo";
  indices?: number[];
  label?: string;
  category?: string;
}

interface Batch { action: EditCommand["action"]; indices: number[]; code: number; text: string; category?: string }

export class LocalEdits {
  readonly codes: Int32Array; // current label code per sample
  readonly decision: Uint8Array;
  private readonly batches: Batch[] = [];
  private applied: number[] = [];
  private redoStack: number[] = [];

  constructor(
    private readonly start: Int32Array, // label codes when the page was saved (edits made before included)
    private readonly startDecision: Uint8Array, // decisions when the page was saved
    private readonly given: Int32Array, // given label codes (-1 none): "relabelled" compares with these
    readonly names: Record<string, string>, // code -> text; typed labels are added
    readonly rank: number[], // code -> place in sorted label order (typed labels: after the rest)
  ) {
    this.codes = start.slice();
    this.decision = startDecision.slice();
  }
  /** Label codes when the page was saved. */
  get savedCodes(): Int32Array { return this.start; }


  /** The code of a label text: an existing label with exactly this text, or a new one. */
  codeOf(text: string): number {
    const t = text.trim();
    if (!t) throw new Error("a label cannot be empty: type some text, or pick an existing label");
    for (const [code, name] of Object.entries(this.names)) if (name === t) return Number(code);
    // past every code in use: names may name only some codes (a replayed widget's label_names), rank all
    let code = this.rank.length;
    for (const k of Object.keys(this.names)) code = Math.max(code, Number(k) + 1);
    this.names[String(code)] = t;
    while (this.rank.length <= code) this.rank.push(this.rank.length);
    return code;
  }

  /** Apply one command; returns how many samples it changed (0: nothing recorded). */
  apply(cmd: EditCommand): number {
    if (cmd.action === "undo" || cmd.action === "redo") {
      const from = cmd.action === "undo" ? this.applied : this.redoStack;
      const b = from.pop();
      if (b === undefined) return 0;
      (cmd.action === "undo" ? this.redoStack : this.applied).push(b);
      if (cmd.action === "undo") this.replay(); else this.applyBatch(this.batches[b]);
      return this.batches[b].indices.length;
    }
    const idx = cmd.indices ?? [];
    let changed: number[];
    let code = -1, text = "";
    if (cmd.action === "relabel") {
      text = (cmd.label ?? "").trim();
      code = this.codeOf(text);
      changed = idx.filter((i) => this.codes[i] !== code);
    } else {
      const want = DECISION_OF[cmd.action];
      if (want === undefined) throw new Error(`unknown edit action ${String(cmd.action)}`);
      changed = idx.filter((i) => this.decision[i] !== want);
    }
    if (!changed.length) return 0;
    this.batches.push({ action: cmd.action, indices: changed, code, text, category: cmd.category });
    this.applied.push(this.batches.length - 1);
    this.redoStack = [];
    this.applyBatch(this.batches[this.batches.length - 1]);
    return changed.length;
  }

  /** The edits in force, oldest first, one command per batch (labels by text). */
  inForce(): EditCommand[] {
    return this.applied.map((b) => {
      const x = this.batches[b];
      return { action: x.action, indices: x.indices.slice(),
        ...(x.action === "relabel" ? { label: x.text } : {}), ...(x.category ? { category: x.category } : {}) };
    });
  }

  get nInForce(): number { return this.applied.length; }

  private replay(): void {
    this.codes.set(this.start);
    this.decision.set(this.startDecision);
    for (const b of this.applied) this.applyBatch(this.batches[b]);
  }

  private applyBatch(b: Batch): void {
    for (const i of b.indices) {
      if (b.action === "relabel") this.codes[i] = b.code;
      else this.decision[i] = DECISION_OF[b.action];
    }
  }

  private describe(b: number | undefined): string {
    if (b === undefined) return "";
    const x = this.batches[b], n = x.indices.length;
    const what = `${n} sample${n !== 1 ? "s" : ""}`;
    return x.action === "relabel" ? `label ${what} '${x.text}'` : `${x.action} ${what}`;
  }

  /** Bits 5-6 of the flags (../flags.ts): excluded, relabelled. */
  reviewFlags(): Uint8Array {
    const out = new Uint8Array(this.codes.length);
    for (let i = 0; i < out.length; i++) {
      out[i] = (this.decision[i] === EXCLUDE ? FLAG_EXCLUDED : 0) | (this.codes[i] !== this.given[i] ? FLAG_RELABELLED : 0);
    }
    return out;
  }

  /** The edit_state trait (see review/_session.py's ReviewSession.edit_state). */
  state(): Record<string, unknown> {
    let relabelled = 0, excluded = 0, kept = 0;
    for (let i = 0; i < this.codes.length; i++) {
      if (this.codes[i] !== this.given[i]) relabelled++;
      if (this.decision[i] === EXCLUDE) excluded++;
      if (this.decision[i] === KEEP) kept++;
    }
    const undo = this.applied[this.applied.length - 1], redo = this.redoStack[this.redoStack.length - 1];
    return {
      n_edits: this.applied.reduce((s, b) => s + this.batches[b].indices.length, 0),
      can_undo: undo !== undefined, can_redo: redo !== undefined,
      undo: this.describe(undo), redo: this.describe(redo),
      n_relabelled: relabelled, n_excluded: excluded, n_kept: kept, path: "",
    };
  }

  /** [code, text, count] of the current labels, most frequent first (ties: lower code), as vocab.choices. */
  choices(limit = 200): Array<[number, string, number]> {
    const counts = new Map<number, number>();
    for (const c of this.codes) if (c >= 0) counts.set(c, (counts.get(c) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit)
      .map(([c, k]) => [c, this.names[String(c)] ?? "", k]);
  }
}
