import { describe, expect, it } from "vitest";
import {
  combineSelection, decodeSelection, encodeSelection, maskToIndices, selectionFormat,
  SELECTION_BITMASK, SELECTION_INDICES,
} from "./selection";

const U = (a: number[]) => Uint32Array.from(a);
const header = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getUint32(0, true);

describe("selection wire format", () => {
  it("uses indices for a few points and a bitmask for many", () => {
    expect(selectionFormat(2, 100)).toBe(SELECTION_INDICES); // 8 <= 13 bytes
    expect(selectionFormat(4, 100)).toBe(SELECTION_BITMASK); // 16 > 13 bytes
    expect(header(encodeSelection(U([3, 7]), 100))).toBe(SELECTION_INDICES);
    expect(header(encodeSelection(U([1, 2, 3, 4]), 100))).toBe(SELECTION_BITMASK);
  });

  it("round-trips both formats", () => {
    for (const sel of [[], [0], [5, 99], [0, 1, 2, 3, 8, 9, 63, 64, 98, 99]]) {
      const enc = encodeSelection(U(sel), 100);
      expect(Array.from(decodeSelection(new DataView(enc.buffer), 100))).toEqual(sel);
    }
  });

  it("matches the bytes Python builds (bitmask little-endian bit order)", () => {
    // numpy: np.packbits(mask, bitorder="little") for indices 0, 3, 9 of 10
    const enc = encodeSelection(U([0, 3, 9, 4]).sort(), 10);
    expect(Array.from(enc)).toEqual([1, 0, 0, 0, 0b00011001, 0b00000010]);
    expect(Array.from(encodeSelection(U([7]), 100))).toEqual([0, 0, 0, 0, 7, 0, 0, 0]);
  });

  it("a million selected points stays under 126 kB", () => {
    const n = 1_000_000;
    const all = new Uint32Array(n).map((_, i) => i);
    const enc = encodeSelection(all, n);
    expect(enc.byteLength).toBe(4 + 125_000);
    expect(decodeSelection(enc, n).length).toBe(n);
  });

  it("drops out-of-range and duplicate indices, and fails on unknown formats", () => {
    const raw = new Uint8Array(16);
    const dv = new DataView(raw.buffer);
    dv.setUint32(0, 0, true); dv.setUint32(4, 2, true); dv.setUint32(8, 2, true); dv.setUint32(12, 500, true);
    expect(Array.from(decodeSelection(raw, 10))).toEqual([2]);
    expect(decodeSelection(new Uint8Array(0), 10).length).toBe(0);
    dv.setUint32(0, 9, true);
    expect(() => decodeSelection(raw, 10)).toThrow(/unknown selection format 9/);
  });

  it("combines picks: replace, add (shift-lasso), toggle (shift-click)", () => {
    const cur = U([1, 5]);
    expect(Array.from(combineSelection(cur, U([7, 2]), 10, "replace"))).toEqual([2, 7]);
    expect(Array.from(combineSelection(cur, U([2, 5]), 10, "add"))).toEqual([1, 2, 5]);
    expect(Array.from(combineSelection(cur, U([5, 3]), 10, "toggle"))).toEqual([1, 3]);
    expect(Array.from(maskToIndices(Uint8Array.from([0, 1, 0, 1])))).toEqual([1, 3]);
  });
});
