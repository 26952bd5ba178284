import { describe, expect, it } from "vitest";
import { inflate, SavedNeighbors } from "./neighbors";
import { fromBase64 } from "./page";

// A table as widget/_standalone.py's neighbor_table writes it: n x k int32 little-endian, -1 past the end.
const TABLE = Int32Array.from([
  1, 2, 3, // sample 0
  0, 2, -1, // sample 1: the graph held only two
  3, 0, 1, // sample 2
  2, 0, 1, // sample 3
]);
// Python's base64.b64encode(zlib.compress(TABLE.tobytes(), 1)), as page_state writes it
const SAVED = "eAFjZGBgYAJiZiAGARD7PxDA+IxQMZAciA0Aa3oEDA==";
const deflated = () => fromBase64(SAVED)!;

describe("saved neighbours", () => {
  it("inflates what Python's zlib deflated", async () => {
    const raw = new Uint8Array(TABLE.buffer);
    expect(Array.from(await inflate(deflated()))).toEqual(Array.from(raw));
  });

  it("reads each sample's row, closest first, without the padding", async () => {
    const nb = new SavedNeighbors(3, deflated(), 4);
    expect(nb.of(0, new Set())).toEqual([]); // not loaded yet
    await nb.load();
    expect(nb.of(0, new Set())).toEqual([1, 2, 3]);
    expect(nb.of(1, new Set())).toEqual([0, 2]);
    expect(nb.of(7, new Set())).toEqual([]);
  });

  it("leaves out the item's own samples, as the kernel's reply does", async () => {
    const nb = new SavedNeighbors(3, deflated(), 4);
    await nb.load();
    expect(nb.of(2, new Set([2, 3]))).toEqual([0, 1]);
  });

  it("refuses a table of the wrong size", async () => {
    await expect(new SavedNeighbors(3, deflated(), 5).load()).rejects.toThrow(/48 bytes for 5 samples x 3/);
  });
});
