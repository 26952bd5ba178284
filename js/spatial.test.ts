import { describe, expect, it } from "vitest";
import { GridIndex, pointInPolygon, simplifyPath } from "./spatial";
import { Camera } from "./camera";
import { FLAG_DUPLICATE, FLAG_OUTLIER, flagNames, indicesWithFlags } from "./flags";
import { lruSet } from "./hover";

function randomPoints(n: number, seed = 1): Float32Array {
  let s = seed;
  const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
  return Float32Array.from({ length: 2 * n }, rnd);
}

describe("GridIndex", () => {
  const pos = randomPoints(5000);
  const grid = new GridIndex(pos);

  it("nearest matches a brute-force scan", () => {
    for (const [x, y] of [[0, 0], [0.5, -0.3], [-0.99, 0.99], [0.123, 0.456]]) {
      let best = -1, bestD = 0.05 * 0.05;
      for (let i = 0; i < 5000; i++) {
        const d = (pos[2 * i] - x) ** 2 + (pos[2 * i + 1] - y) ** 2;
        if (d < bestD) { best = i; bestD = d; }
      }
      expect(grid.nearest(x, y, 0.05)).toBe(best);
    }
    expect(grid.nearest(5, 5, 0.1)).toBe(-1);
  });

  it("nearest skips points the filter rejects", () => {
    const i = grid.nearest(0, 0, 0.2);
    expect(grid.nearest(0, 0, 0.2, (j) => j !== i)).not.toBe(i);
  });

  it("rectangle and polygon queries match brute force", () => {
    const rect = grid.inRect(0.2, -0.5, -0.3, 0.1); // corners in any order
    const want: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = pos[2 * i], y = pos[2 * i + 1];
      if (x >= -0.3 && x <= 0.2 && y >= -0.5 && y <= 0.1) want.push(i);
    }
    expect(Array.from(rect)).toEqual(want);
    const tri = [-0.5, -0.5, 0.5, -0.5, 0, 0.5];
    const poly = grid.inPolygon(tri);
    const wantPoly = [];
    for (let i = 0; i < 5000; i++) if (pointInPolygon(pos[2 * i], pos[2 * i + 1], tri)) wantPoly.push(i);
    expect(Array.from(poly)).toEqual(wantPoly);
    expect(poly.length).toBeGreaterThan(500); // a quarter of the square, about 1250
  });

  it("copes with no points and all-identical points", () => {
    expect(new GridIndex(new Float32Array(0)).nearest(0, 0, 1)).toBe(-1);
    const same = new GridIndex(Float32Array.from([1, 1, 1, 1, 1, 1]));
    expect(same.nearest(1, 1, 0.1)).toBe(0);
    expect(Array.from(same.inRect(0, 0, 2, 2))).toEqual([0, 1, 2]);
  });
});

describe("geometry helpers", () => {
  it("pointInPolygon handles a concave polygon", () => {
    const u = [0, 0, 3, 0, 3, 3, 2, 3, 2, 1, 1, 1, 1, 3, 0, 3]; // a U shape
    expect(pointInPolygon(0.5, 2, u)).toBe(true);
    expect(pointInPolygon(1.5, 2, u)).toBe(false); // inside the notch
    expect(pointInPolygon(1.5, 0.5, u)).toBe(true);
  });

  it("simplifyPath drops points closer than the minimum distance", () => {
    expect(simplifyPath([0, 0, 1, 0, 2, 0, 5, 0, 5.5, 0, 10, 0], 3)).toEqual([0, 0, 5, 0, 10, 0]);
  });

  it("Camera: fit, screen <-> data, zoom about the cursor", () => {
    const c = new Camera();
    c.resize(200, 100);
    c.fit({ minX: -1, minY: -1, maxX: 1, maxY: 1 }, 0);
    expect(c.toScreen(0, 0)).toEqual([100, 50]);
    expect(c.toScreen(1, 1)).toEqual([150, 0]); // y up in data, down on screen
    const before = c.toData(30, 70);
    c.zoomAt(30, 70, 3);
    const after = c.toData(30, 70);
    expect(after[0]).toBeCloseTo(before[0], 12);
    expect(after[1]).toBeCloseTo(before[1], 12);
    const [a, b, cc, d] = c.clipTransform(); // clip space of data point under (30, 70)
    expect(a * after[0] + b).toBeCloseTo(30 / 100 - 1, 12);
    expect(cc * after[1] + d).toBeCloseTo(1 - 70 / 50, 12);
  });

  it("flags: names and index lists", () => {
    expect(flagNames(FLAG_OUTLIER | FLAG_DUPLICATE)).toEqual(["outlier", "exact duplicate"]);
    expect(Array.from(indicesWithFlags(Uint8Array.from([0, 1, 4, 5, 8]), FLAG_OUTLIER | FLAG_DUPLICATE))).toEqual([1, 2, 3]);
  });

  it("lruSet evicts the least recently set entry", () => {
    const m = new Map<number, string>();
    expect(lruSet(m, 1, "a", 2)).toBeUndefined();
    lruSet(m, 2, "b", 2);
    lruSet(m, 1, "a2", 2); // refresh 1
    expect(lruSet(m, 3, "c", 2)).toBe("b");
    expect([...m.keys()]).toEqual([1, 3]);
  });
});
