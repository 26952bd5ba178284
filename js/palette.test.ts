import { describe, expect, it } from "vitest";
import { rng } from "./testrng";
import { colorTable, PALETTE, slotColor } from "./palette";

describe("colorTable", () => {
  it("writes each cluster's slot colour, alpha 0 when hidden", () => {
    const { rgba, rows } = colorTable(Int32Array.from([3, 0, 21]), new Set([0]), 4);
    expect(rows).toBe(1);
    expect(Array.from(rgba.slice(0, 4))).toEqual([...PALETTE[3], 255]);
    expect(rgba[7]).toBe(0);
    expect(Array.from(rgba.slice(8, 11))).toEqual(slotColor(21)); // wraps the palette
    expect(slotColor(21)).toEqual(PALETTE[1]);
  });

  it("uses several rows for many clusters", () => {
    expect(colorTable(new Int32Array(10), new Set(), 4).rows).toBe(3);
  });

  it("colorTable writes what slotColor gives, alpha 0 exactly for hidden slots", () => {
    const rand = rng(6);
    for (let trial = 0; trial < 30; trial++) {
      const slots = Int32Array.from({ length: Math.floor(rand() * 50) }, () => Math.floor(rand() * 60) - 10);
      const hidden = new Set(Array.from({ length: trial % 4 }, () => Math.floor(rand() * 60) - 10));
      const { rgba, rows } = colorTable(slots, hidden, 8);
      expect(rows).toBe(Math.max(1, Math.ceil(slots.length / 8)));
      expect(rgba.length).toBe(rows * 8 * 4);
      for (let c = 0; c < slots.length; c++) {
        expect(Array.from(rgba.subarray(4 * c, 4 * c + 4))).toEqual([...slotColor(slots[c]), hidden.has(slots[c]) ? 0 : 255]);
      }
      expect(rgba.subarray(4 * slots.length).every((x) => x === 0)).toBe(true);
    }
  });
});
