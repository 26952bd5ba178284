import { describe, expect, it } from "vitest";
import { DEFAULT_ZOOM, MAX_ZOOM, MIN_ZOOM, focusView, includeView } from "./focus";

const xy = Float32Array.from([0, 0, 0.5, 0.5, 0.5, 0.5, -1, 1, 0.52, 0.5, 1, -1]);
const toScreen = (v: { s: number; tx: number; ty: number }, x: number, y: number) => [v.tx + v.s * x, v.ty - v.s * y];

describe("focusView", () => {
  it("centres a single point at the default zoom", () => {
    const v = focusView(xy, [1], 400, 300, 100)!;
    expect(v.s).toBe(100 * DEFAULT_ZOOM);
    expect(toScreen(v, 0.5, 0.5)).toEqual([200, 150]);
  });
  it("treats an exact-duplicate group (no extent) like one point", () => {
    expect(focusView(xy, [1, 2], 400, 300, 100)!.s).toBe(100 * DEFAULT_ZOOM);
  });
  it("fits a group's box with room around it, centred", () => {
    const v = focusView(xy, [3, 5], 400, 300, 100)!; // box 2 x 2 around the origin
    const [x0, y0] = toScreen(v, -1, 1), [x1, y1] = toScreen(v, 1, -1);
    expect((x0 + x1) / 2).toBeCloseTo(200);
    expect((y0 + y1) / 2).toBeCloseTo(150);
    expect(v.s).toBe(100 * MIN_ZOOM); // clamped: never less zoomed in than MIN_ZOOM
  });
  it("never zooms in beyond MAX_ZOOM", () => {
    expect(focusView(xy, [1, 4], 400, 300, 100)!.s).toBe(100 * MAX_ZOOM);
  });
  it("returns null for no usable point", () => {
    expect(focusView(xy, [], 400, 300, 100)).toBeNull();
    expect(focusView(xy, [99], 400, 300, 100)).toBeNull();
  });
});

describe("includeView", () => {
  const item = focusView(xy, [1], 400, 300, 100)!; // centred on (0.5, 0.5), zoom 8
  it("zooms out about the item until the neighbours are on screen", () => {
    const v = includeView(item, xy, [4], 400, 300, 100, 20); // (0.52, 0.5): already in view
    expect(v).toEqual(item);
    const w = includeView(item, Float32Array.from([0.5, 0.5, 0.9, 0.5]), [1], 400, 300, 100, 20);
    expect(w.s).toBeCloseTo((200 - 20) / 0.4);
    expect(toScreen(w, 0.5, 0.5)).toEqual([200, 150]);
    const [x] = toScreen(w, 0.9, 0.5);
    expect(x).toBeCloseTo(380);
  });
  it("stops at MIN_ZOOM for far-away neighbours", () => {
    expect(includeView(item, xy, [3], 400, 300, 100).s).toBe(100 * MIN_ZOOM);
  });
});
