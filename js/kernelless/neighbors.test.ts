import { describe, expect, it } from "vitest";
import { inflate, SavedNeighbors } from "./neighbors";
import { fromBase64 } from "./page";

// A table as widget/_standalone.py's neighbor_table saves it: n x k int32, -1 past the end.
const TABLE = Int32Array.from([
  1, 2, 3, // sample 0
  0, 2, -1, // sample 1: the graph held only two
  3, 0, 1, // sample 2
  2, 0, 1, // sample 3
]);
// Python's b64encode(zlib.compress(TABLE.view(np.uint8).reshape(-1, 4).T.tobytes(), 1)): byte planes
const SAVED = "eAFjZGJmYPrPzMDIxMDIAAL/wSSEwMIGAGZVBAw=";
const deflated = () => fromBase64(SAVED)!;

describe("saved neighbours", () => {
  it("inflates what Python's zlib deflated", async () => {
    const planes = await inflate(deflated());
    expect(planes.length).toBe(4 * TABLE.length);
    expect(Array.from(planes.subarray(0, TABLE.length))).toEqual(Array.from(TABLE, (v) => v & 255)); // lowest bytes
  });

  it("puts the byte planes back together: indices past 2^16 and 2^24, and -1", async () => {
    const nb = new SavedNeighbors(4, fromBase64("eAFjZdf5z8DA+J+RgeE/AyPDfwAfKgQ4")!, 1); // [65541, 16777223, 300, -1]
    await nb.load();
    expect(nb.of(0, new Set())).toEqual([65541, 16777223, 300]);
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
