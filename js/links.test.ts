import { describe, expect, it } from "vitest";
import { buildLinks, LINK_EXACT, LINK_NEAR, LINK_VERTEX_FLOATS, LINK_VERTICES } from "./links";

const PER = LINK_VERTEX_FLOATS * LINK_VERTICES;

/** The (from, to) points of link k of the geometry, checking its 6 vertices agree. */
function endpoints(v: Float32Array, k: number): number[] {
  const quad = Array.from(v.slice(k * PER, (k + 1) * PER));
  const ends = quad.slice(0, 4);
  for (let j = 0; j < LINK_VERTICES; j++) expect(quad.slice(j * 6, j * 6 + 4)).toEqual(ends);
  return ends;
}

describe("buildLinks", () => {
  const pos = Float32Array.from([0, 0, 3, 4, 1, 1, 2, 2]); // 4 points

  it("puts exact links first, then near; each link is a quad of two triangles", () => {
    const g = buildLinks(pos, Int32Array.from([0, 1, 2, 3, 1, 0]), Uint8Array.from([LINK_NEAR, LINK_EXACT, LINK_NEAR]));
    expect([g.nExact, g.nNear, g.nInvalid]).toEqual([1, 2, 0]);
    expect(g.vertices.length).toBe(3 * PER);
    expect(endpoints(g.vertices, 0)).toEqual([1, 1, 2, 2]); // exact 2-3
    expect(endpoints(g.vertices, 1)).toEqual([0, 0, 3, 4]); // near 0-1
    expect(endpoints(g.vertices, 2)).toEqual([3, 4, 0, 0]); // near 1-0
    // corners: (end, side) covers both ends and both sides, as two triangles
    const corners = [];
    for (let j = 0; j < LINK_VERTICES; j++) corners.push([g.vertices[j * 6 + 4], g.vertices[j * 6 + 5]]);
    expect(corners).toEqual([[0, -1], [1, -1], [1, 1], [0, -1], [1, 1], [0, 1]]);
  });

  it("drops links with out-of-range indices instead of drawing garbage", () => {
    const g = buildLinks(pos, Int32Array.from([0, 4, -1, 2, 0, 3]), Uint8Array.from([0, 1, 1]));
    expect(g.nInvalid).toBe(2);
    expect(g.nExact + g.nNear).toBe(1);
    expect(endpoints(g.vertices, 0)).toEqual([0, 0, 2, 2]);
  });

  it("leaves out links with a hidden end point", () => {
    const g = buildLinks(pos, Int32Array.from([0, 1, 2, 3]), Uint8Array.from([LINK_NEAR, LINK_EXACT]), (i) => i !== 1);
    expect([g.nExact, g.nNear, g.nInvalid]).toEqual([1, 0, 0]);
  });

  it("handles no links and a kinds buffer shorter than the pairs", () => {
    expect(buildLinks(pos, new Int32Array(0), new Uint8Array(0)).vertices.length).toBe(0);
    const g = buildLinks(pos, Int32Array.from([0, 1, 1, 2]), Uint8Array.from([LINK_EXACT]));
    expect(g.nExact + g.nNear).toBe(1);
  });
});
