import { describe, expect, it } from "vitest";
import { floatLogPosition, floatLogValue, formatThreshold, intLogSteps, nearestStep, safeLogRange } from "./logscale";

describe("integer log slider (min_cluster_size)", () => {
  it("covers every integer when the range is small", () => {
    expect(Array.from(intLogSteps(2, 50))).toEqual(Array.from({ length: 49 }, (_, i) => i + 2));
  });

  it("spans 2..N/2 on a log scale for a million points, with distinct increasing steps", () => {
    const s = intLogSteps(2, 500_000, 400);
    expect(s[0]).toBe(2);
    expect(s[s.length - 1]).toBe(500_000);
    expect(s.length).toBeLessThanOrEqual(400);
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
    // log spacing: the middle position sits near the geometric mean (1000)
    const mid = s[nearestStep(s, 1000)];
    expect(mid).toBeGreaterThan(900);
    expect(mid).toBeLessThan(1100);
    // small values are all reachable one arrow key apart
    expect(Array.from(s.slice(0, 5))).toEqual([2, 3, 4, 5, 6]);
  });

  it("maps values back to the nearest step in log space", () => {
    const s = Int32Array.from([2, 4, 8, 16]);
    expect(nearestStep(s, 5)).toBe(1); // |log 5/4| < |log 8/5|
    expect(nearestStep(s, 6)).toBe(2);
    expect(nearestStep(s, 1)).toBe(0);
    expect(nearestStep(s, 1e9)).toBe(3);
    expect(nearestStep(s, 8)).toBe(2);
  });

  it("handles a degenerate range (tiny data)", () => {
    expect(Array.from(intLogSteps(2, 2))).toEqual([2]);
    expect(Array.from(intLogSteps(5, 3))).toEqual([5]);
  });
});

describe("float log slider (duplicate_threshold)", () => {
  it("ends are exact and the middle is the geometric mean", () => {
    expect(floatLogValue(0.001, 1, 200, 0)).toBe(0.001);
    expect(floatLogValue(0.001, 1, 200, 200)).toBe(1);
    expect(floatLogValue(0.001, 1, 200, 100)).toBeCloseTo(Math.sqrt(0.001), 10);
  });

  it("position -> value -> position is the identity", () => {
    for (let p = 0; p <= 240; p += 7) {
      expect(floatLogPosition(1.5e-4, 0.15, 240, floatLogValue(1.5e-4, 0.15, 240, p))).toBe(p);
    }
  });

  it("clamps values outside the range to the ends", () => {
    expect(floatLogPosition(0.01, 1, 100, 0)).toBe(0);
    expect(floatLogPosition(0.01, 1, 100, 50)).toBe(100);
  });

  it("repairs unusable ranges instead of producing NaN", () => {
    expect(safeLogRange(0, 1)).toEqual([0.001, 1]);
    expect(safeLogRange(2, 1)).toEqual([0.001, 1]);
    expect(safeLogRange(0, 0)).toEqual([0.001, 1]);
    expect(Number.isFinite(floatLogValue(0, 0, 10, 5))).toBe(true);
  });

  it("formats values with 3 significant digits", () => {
    expect(formatThreshold(0.019469030448)).toBe("0.0195");
    expect(formatThreshold(0.13)).toBe("0.13");
    expect(formatThreshold(1.4976e-4)).toBe("1.50e-4");
    expect(formatThreshold(0)).toBe("0");
    expect(formatThreshold(123456)).toBe("1.23e+5");
  });
});
