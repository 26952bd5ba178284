import { describe, expect, it } from "vitest";
import {
  CalibrationEstimate, CalibrationPairs, CalibrationReply, calibrationCommand, estimateRows, isCalibrationReply, withoutKernel,
} from "./calibration";
import type { ReviewCard } from "../model/messages";

const card = (index: number): ReviewCard => ({
  index, cluster: 0, label: "", current_label: "", relabelled: false, decision: "", outlier_score: 0, image: -1,
});
const estimate = (e: Partial<CalibrationEstimate> = {}): CalibrationEstimate => ({
  threshold: 0.05, n_marked: 0, n_marked_below: 0, n_same_below: 0, precision: null, precision_low: null,
  precision_high: null, target_precision: 0.95, suggested_threshold: null, ...e,
});
const reply = (r: Partial<CalibrationReply> = {}): CalibrationReply => ({
  type: "calibration", id: 1, action: "sample", ok: true, threshold: 0.05, estimate: estimate(),
  marks: [], sides: [], ...r,
});
const pairs = (n: number) => Array.from({ length: n }, (_, k) => ({ pair: k, a: card(2 * k), b: card(2 * k + 1), distance: 0.01 * (k + 1) }));

describe("calibrationCommand", () => {
  it("maps s / d to marks, arrows and n / p to moves, a, r and Escape", () => {
    expect(calibrationCommand({ key: "s" })).toEqual({ kind: "mark", mark: "same" });
    expect(calibrationCommand({ key: "D" })).toEqual({ kind: "mark", mark: "different" });
    for (const key of ["ArrowRight", "ArrowDown", "n"]) expect(calibrationCommand({ key })).toEqual({ kind: "move", by: 1 });
    for (const key of ["ArrowLeft", "ArrowUp", "p"]) expect(calibrationCommand({ key })).toEqual({ kind: "move", by: -1 });
    expect(calibrationCommand({ key: "a" })).toEqual({ kind: "apply" });
    expect(calibrationCommand({ key: "r" })).toEqual({ kind: "resample" });
    expect(calibrationCommand({ key: "Escape" })).toEqual({ kind: "close" });
  });
  it("leaves modified keys and other keys alone", () => {
    expect(calibrationCommand({ key: "s", ctrlKey: true })).toBeNull();
    expect(calibrationCommand({ key: "d", metaKey: true })).toBeNull();
    expect(calibrationCommand({ key: "a", altKey: true })).toBeNull();
    expect(calibrationCommand({ key: "k" })).toBeNull();
    expect(calibrationCommand({ key: "1" })).toBeNull();
  });
});

describe("isCalibrationReply", () => {
  it("accepts a calibration answer and refuses others", () => {
    expect(isCalibrationReply(reply())).toBe(true);
    expect(isCalibrationReply({ ...reply(), type: "review" })).toBe(false);
    expect(isCalibrationReply({ type: "calibration", id: 1, ok: true })).toBe(false);
    expect(isCalibrationReply(null)).toBe(false);
  });
});

describe("CalibrationPairs", () => {
  it("puts the cursor on the first unmarked pair of new pairs, and keeps marks in step", () => {
    const s = new CalibrationPairs();
    s.update(reply({ pairs: pairs(4), marks: ["same", "different", null, null], sides: ["below", "below", "above", "above"] }));
    expect(s.cursor).toBe(2);
    expect(s.nMarked).toBe(2);
    expect(s.current?.a.index).toBe(4);
    // an answer without pairs (a mark, the estimate) updates marks and sides only
    s.update(reply({ marks: ["same", "different", "same", null], sides: ["below", "below", "below", "above"] }));
    expect(s.cursor).toBe(2);
    expect(s.marks[2]).toBe("same");
    expect(s.sides[2]).toBe("below");
    // marks of other pairs (a length that does not match) are not taken
    s.update(reply({ marks: ["different"], sides: ["above"] }));
    expect(s.marks).toEqual(["same", "different", "same", null]);
  });
  it("moves within the pairs and advances to the next unmarked pair, wrapping", () => {
    const s = new CalibrationPairs();
    s.update(reply({ pairs: pairs(4), marks: [null, "same", "same", null], sides: [] }));
    expect(s.cursor).toBe(0);
    expect(s.move(-1)).toBe(0);
    expect(s.move(10)).toBe(3);
    expect(s.advance()).toBe(0); // wraps to the first unmarked
    s.marks = ["same", "same", "same", "same"];
    expect(s.advance()).toBe(1); // all marked: the next one
  });
  it("has no cursor without pairs", () => {
    const s = new CalibrationPairs();
    s.update(reply({ pairs: [], marks: [], sides: [] }));
    expect(s.cursor).toBe(-1);
    expect(s.move(1)).toBe(-1);
    expect(s.current).toBeNull();
  });
});

describe("estimateRows", () => {
  it("says there is nothing to estimate from before any mark", () => {
    expect(estimateRows(estimate())).toEqual([
      ["precision at duplicate_threshold 0.05000", "no marked pair at or below it yet"],
      ["marked pairs", "0 (0 above the threshold)"],
      ["suggested threshold (precision ≥ 95%)", "none yet: mark more pairs"],
    ]);
  });
  it("shows Python's precision with its counts and interval, and the suggestion", () => {
    const rows = estimateRows(estimate({
      n_marked: 12, n_marked_below: 6, n_same_below: 5, precision: 5 / 6, precision_low: 0.436, precision_high: 0.97,
      suggested_threshold: 0.0123456,
    }));
    expect(rows[0]).toEqual(["precision at duplicate_threshold 0.05000", "83% (5 of 6 marked pairs at or below it \"same\"; 95% interval 44%–97%)"]);
    expect(rows[1]).toEqual(["marked pairs", "12 (6 above the threshold)"]);
    expect(rows[2]).toEqual(["suggested threshold (precision ≥ 95%)", "0.01235"]);
    expect(estimateRows(estimate({ threshold: 2e-5, suggested_threshold: 0 }))[2][1]).toBe("0");
    expect(estimateRows(estimate({ threshold: 2e-5 }))[0][0]).toBe("precision at duplicate_threshold 2.000e-5");
  });
});

describe("withoutKernel", () => {
  it("answers a page without a kernel with a reason, nothing marked", () => {
    const r = withoutKernel(7, 0.25);
    expect(isCalibrationReply(r)).toBe(true);
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/needs the Python kernel/);
    expect(r.estimate.threshold).toBe(0.25);
    expect(estimateRows(r.estimate)[0][1]).toBe("no marked pair at or below it yet");
  });
});
