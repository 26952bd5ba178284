import { describe, expect, it } from "vitest";
import { Reusable } from "./buffers";
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

/** The geometry written plainly: exact links first, then near, each a quad of (from, to, end, side) vertices. */
function reference(positions: Float32Array, links: Int32Array, kinds: Uint8Array, visible: (i: number) => boolean) {
  const n = positions.length >> 1;
  const corners = [[0, -1], [1, -1], [1, 1], [0, -1], [1, 1], [0, 1]];
  const exact: number[] = [], near: number[] = [];
  let nInvalid = 0;
  for (let l = 0; l < Math.min(links.length >> 1, kinds.length); l++) {
    const a = links[2 * l], b = links[2 * l + 1];
    if (!(a >= 0 && a < n && b >= 0 && b < n)) { nInvalid++; continue; }
    if (!visible(a) || !visible(b)) continue;
    const out = kinds[l] === LINK_EXACT ? exact : near;
    for (const [end, side] of corners) out.push(positions[2 * a], positions[2 * a + 1], positions[2 * b], positions[2 * b + 1], end, side);
  }
  return { vertices: [...exact, ...near], nExact: exact.length / PER, nNear: near.length / PER, nInvalid };
}

describe("buildLinks against the plain definition", () => {
  it("same vertices and counts on random links (out of range ends, hidden points, other kinds)", () => {
    let seed = 1;
    const rand = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 2 ** 32; };
    const into = new Reusable((k) => new Float32Array(k));
    for (let trial = 0; trial < 100; trial++) {
      const n = 1 + Math.floor(rand() * 50), nLinks = Math.floor(rand() * 40);
      const positions = Float32Array.from({ length: 2 * n }, () => rand() * 2 - 1);
      const links = Int32Array.from({ length: 2 * nLinks + (trial % 2) }, () => Math.floor(rand() * (n + 4)) - 2);
      const kinds = Uint8Array.from({ length: nLinks - (trial % 3 === 0 ? 1 : 0) }, () => (rand() < 0.5 ? LINK_EXACT : rand() < 0.9 ? LINK_NEAR : 7));
      const hidden = new Set(Array.from({ length: trial % 5 }, () => Math.floor(rand() * n)));
      const visible = (i: number) => !hidden.has(i);
      const want = reference(positions, links, kinds, visible);
      for (const g of [buildLinks(positions, links, kinds, visible), buildLinks(positions, links, kinds, visible, into)]) {
        expect([g.nExact, g.nNear, g.nInvalid]).toEqual([want.nExact, want.nNear, want.nInvalid]);
        expect(Array.from(g.vertices)).toEqual(want.vertices);
      }
    }
  });
});
