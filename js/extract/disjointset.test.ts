import { describe, expect, it } from "vitest";
import { find, union } from "./disjointset";

describe("disjoint sets", () => {
  it("names each set by its smallest member, whatever the order of the unions", () => {
    const edges: Array<[number, number]> = [[4, 2], [5, 6], [2, 0], [6, 4], [7, 8]];
    for (const order of [edges, [...edges].reverse()]) {
      const parent = Int32Array.from({ length: 9 }, (_, i) => i);
      for (const [a, b] of order) expect(union(parent, a, b)).toBe(true);
      expect(union(parent, 6, 0)).toBe(false); // one set already
      expect(Array.from({ length: 9 }, (_, i) => find(parent, i))).toEqual([0, 1, 0, 3, 0, 0, 0, 7, 7]);
    }
  });

  it("compresses the path it walks", () => {
    const parent = Int32Array.from([0, 0, 1, 2, 3]); // a chain 4 -> 3 -> 2 -> 1 -> 0
    expect(find(parent, 4)).toBe(0);
    expect(Array.from(parent)).toEqual([0, 0, 0, 0, 0]);
  });
});
