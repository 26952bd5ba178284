// "Calibrate duplicates", the pure part: the messages Python answers, the keys
// (s same, d different, arrows / n / p to move, a apply the suggestion, r new
// pairs, Escape back to the queue), the cursor over the pairs, and the texts
// of the estimate. Python computes the estimate and the suggestion; this only
// shows them (calibrationview.ts draws).
import type { ReviewCard } from "../model/messages";
import type { KeyLike } from "./keys";

export type Mark = "same" | "different";

export interface CalibrationPair { pair: number; a: ReviewCard; b: ReviewCard; distance: number }

export interface CalibrationEstimate {
  threshold: number;
  n_marked: number;
  n_marked_below: number;
  n_same_below: number;
  precision: number | null;
  precision_low: number | null;
  precision_high: number | null;
  target_precision: number;
  suggested_threshold: number | null;
}

export interface CalibrationReply {
  type: "calibration";
  id: number;
  action: string;
  ok: boolean;
  error?: string;
  threshold: number;
  estimate: CalibrationEstimate;
  marks: Array<Mark | null>; // one per pair shown
  sides: Array<"below" | "above">; // of the current threshold, one per pair shown
  pairs?: CalibrationPair[]; // only in the answer to "sample"
}

export type CalibrationRequest =
  | { action: "sample"; n_pairs: number }
  | { action: "mark"; pair: number; a: number; b: number; mark: Mark }
  | { action: "estimate" } | { action: "apply" };

/** The answer of a page without a kernel (save_html): marks need Python, which journals them. */
export function withoutKernel(id: number, threshold: number): CalibrationReply {
  return {
    type: "calibration", id, action: "sample", ok: false, marks: [], sides: [], threshold,
    error: "calibrating duplicates needs the Python kernel: open the notebook, or call explorer.calibrate_duplicates()",
    estimate: { threshold, n_marked: 0, n_marked_below: 0, n_same_below: 0, precision: null, precision_low: null,
      precision_high: null, target_precision: 0.95, suggested_threshold: null },
  };
}

export function isCalibrationReply(m: unknown): m is CalibrationReply {
  const r = m as CalibrationReply;
  return !!r && r.type === "calibration" && typeof r.id === "number" && typeof r.ok === "boolean"
    && Array.isArray(r.marks) && Array.isArray(r.sides) && !!r.estimate;
}

export type CalibrationCommand =
  | { kind: "mark"; mark: Mark } | { kind: "move"; by: number }
  | { kind: "apply" } | { kind: "resample" } | { kind: "close" };

export const CALIBRATION_KEYS: Array<[string, string]> = [
  ["s", "same"], ["d", "different"], ["→ / ↓ / n", "next pair"], ["← / ↑ / p", "previous pair"],
  ["a", "apply the suggested threshold"], ["r", "new pairs at the current threshold"], ["Esc", "back to the queue"],
];

export function calibrationCommand(e: KeyLike): CalibrationCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case "s": case "S": return { kind: "mark", mark: "same" };
    case "d": case "D": return { kind: "mark", mark: "different" };
    case "n": case "ArrowRight": case "ArrowDown": return { kind: "move", by: 1 };
    case "p": case "ArrowLeft": case "ArrowUp": return { kind: "move", by: -1 };
    case "a": case "A": return { kind: "apply" };
    case "r": case "R": return { kind: "resample" };
    case "Escape": return { kind: "close" };
  }
  return null;
}

/** The pairs shown, their marks and sides, and the cursor. */
export class CalibrationPairs {
  pairs: CalibrationPair[] = [];
  marks: Array<Mark | null> = [];
  sides: Array<"below" | "above"> = [];
  cursor = -1;

  /** Take what a reply says; new pairs (a "sample" answer) put the cursor on the first unmarked one. */
  update(r: CalibrationReply): void {
    if (r.pairs) {
      this.pairs = r.pairs;
      this.cursor = this.pairs.length ? Math.max(0, r.marks.indexOf(null)) : -1;
    }
    if (r.marks.length === this.pairs.length) this.marks = r.marks.slice();
    if (r.sides.length === this.pairs.length) this.sides = r.sides.slice();
  }

  /** Move the cursor by `by`, staying on the pairs. */
  move(by: number): number {
    if (!this.pairs.length) return -1;
    this.cursor = Math.min(this.pairs.length - 1, Math.max(0, this.cursor + by));
    return this.cursor;
  }

  /** After a mark: the next unmarked pair after the cursor (wrapping), else the next one. */
  advance(): number {
    const n = this.pairs.length;
    for (let k = 1; k < n; k++) {
      const q = (this.cursor + k) % n;
      if (this.marks[q] == null) { this.cursor = q; return q; }
    }
    return this.move(1);
  }

  get current(): CalibrationPair | null { return this.cursor >= 0 ? this.pairs[this.cursor] ?? null : null; }
  get nMarked(): number { return this.marks.filter((m) => m != null).length; }
}

export function fmtValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  return Math.abs(x) >= 1e4 || Math.abs(x) < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

/** The estimate as [name, value] rows of text. */
export function estimateRows(e: CalibrationEstimate): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  const at = `at duplicate_threshold ${fmtValue(e.threshold)}`;
  if (e.precision === null) rows.push([`precision ${at}`, "no marked pair at or below it yet"]);
  else {
    const range = e.precision_low !== null && e.precision_high !== null
      ? `; 95% interval ${pct(e.precision_low)}–${pct(e.precision_high)}` : "";
    rows.push([`precision ${at}`,
      `${pct(e.precision)} (${e.n_same_below} of ${e.n_marked_below} marked pair${e.n_marked_below === 1 ? "" : "s"} at or below it "same"${range})`]);
  }
  rows.push(["marked pairs", `${e.n_marked} (${e.n_marked - e.n_marked_below} above the threshold)`]);
  rows.push([`suggested threshold (precision ≥ ${pct(e.target_precision)})`, e.suggested_threshold === null
    ? "none yet: mark more pairs" : fmtValue(e.suggested_threshold)]);
  return rows;
}
