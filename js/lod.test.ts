import { describe, expect, it } from "vitest";
import {
  SHADE_DISAGREEMENTS, SHADE_DUPLICATES, SHADE_OUTLIERS, SHADE_POTENTIAL, markersFit, previewCount, sampleFraction,
  sampleIndices, shadedCategories,
} from "./lod";

describe("markersFit", () => {
  it("allows markers up to half the plot's area", () => {
    const area = 640 * 480;
    expect(markersFit(3000, 7, area)).toBe(true); // 147k px
    expect(markersFit(3200, 7, area)).toBe(false); // 157k px
    expect(markersFit(0, 7, area)).toBe(true);
  });
});

describe("shadedCategories", () => {
  it("shades only the categories too many to mark, each on its own", () => {
    const area = 640 * 480;
    const few = { outliers: 2000, potential: 0, dups: 100, disagree: 0 };
    expect(shadedCategories(few, 7, area)).toBe(0);
    expect(shadedCategories({ ...few, potential: 730_000 }, 7, area)).toBe(SHADE_POTENTIAL);
    expect(shadedCategories({ outliers: 20_000, potential: 730_000, dups: 30_000, disagree: 5_000 }, 7, area))
      .toBe(SHADE_OUTLIERS | SHADE_POTENTIAL | SHADE_DUPLICATES | SHADE_DISAGREEMENTS);
  });
});

describe("previewCount", () => {
  it("scales the point budget to the measured full-frame cost", () => {
    expect(previewCount(1_000_000, 300)).toBe(20_000);
    expect(previewCount(1_000_000, 3)).toBe(1_000_000); // fast enough: everything
    expect(previewCount(100_000, 1e6)).toBe(10_000); // never below the floor
    expect(previewCount(5_000, 1e6)).toBe(5_000); // nor above n
    expect(previewCount(1_000_000, 0)).toBe(1_000_000); // not measured yet
  });
});

describe("sampleIndices", () => {
  it("is ascending, deterministic and close to the asked fraction", () => {
    const a = sampleIndices(1_000_000, 1 / 16), b = sampleIndices(1_000_000, 1 / 16);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.abs(a.length - 62_500)).toBeLessThan(200);
    // one expect for the whole check: 62k expect() calls took seconds on a loaded machine
    const firstDescent = a.findIndex((v, k) => k > 0 && v <= a[k - 1]);
    expect(firstDescent).toBe(-1);
  });

  it("spreads evenly over the index range, not just the first rows", () => {
    const s = sampleIndices(100_000, 1 / 8);
    const quarters = [0, 0, 0, 0];
    for (const i of s) quarters[Math.floor(i / 25_000)]++;
    for (const q of quarters) expect(Math.abs(q - s.length / 4)).toBeLessThan(s.length * 0.02);
  });

  it("returns everything for a fraction of 1 and nothing for 0", () => {
    expect(sampleIndices(5, 1)).toEqual(Uint32Array.of(0, 1, 2, 3, 4));
    expect(sampleIndices(1000, 0).length).toBe(0);
  });
});

describe("sampleFraction", () => {
  it("rounds to the nearest power of two", () => {
    expect(sampleFraction(33_333, 1_000_000)).toBe(1 / 32);
    expect(sampleFraction(23_000, 100_000)).toBe(1 / 4);
    expect(sampleFraction(10_000, 100_000)).toBe(1 / 8);
    expect(sampleFraction(62_500, 1_000_000)).toBe(1 / 16);
    expect(sampleFraction(10, 5)).toBe(1);
  });
});
