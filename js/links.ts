// Duplicate links -> triangle vertices for WebGL. Each link becomes a quad
// (two triangles, 6 vertices) that the vertex shader widens to a fixed
// on-screen width; near-duplicate links are dashed there too.

import type { Reusable } from "./buffers";

export const LINK_EXACT = 0;
export const LINK_NEAR = 1;

/** Floats per vertex: from (x, y), to (x, y), end (0 = from, 1 = to), side (-1 or +1). */
export const LINK_VERTEX_FLOATS = 6;
export const LINK_VERTICES = 6;

export interface LinkGeometry {
  /** exact links first, then near; LINK_VERTICES vertices of LINK_VERTEX_FLOATS each per link */
  vertices: Float32Array;
  nExact: number;
  nNear: number;
  /** links dropped because an index was out of range */
  nInvalid: number;
}

/**
 * @param positions  interleaved x, y per point (2n floats)
 * @param links      int32 index pairs (2 per link)
 * @param kinds      one kind per link: LINK_EXACT or LINK_NEAR
 * @param visible    links with an end point hidden (legend) are left out
 * @param into       memory to write the vertices to (see Reusable), instead of a new array
 */
export function buildLinks(
  positions: Float32Array, links: Int32Array, kinds: Uint8Array, visible: (i: number) => boolean = () => true,
  into?: Reusable<Float32Array>,
): LinkGeometry {
  const n = positions.length >> 1;
  const nLinks = Math.min(links.length >> 1, kinds.length);
  // One look at each link: 0 = left out, 1 = exact, 2 = near (so `visible` runs once per end).
  const keep = new Uint8Array(nLinks);
  let nExact = 0, nNear = 0, nInvalid = 0;
  for (let l = 0; l < nLinks; l++) {
    const a = links[2 * l], b = links[2 * l + 1];
    if (!(a >= 0 && a < n && b >= 0 && b < n)) nInvalid++;
    else if (!visible(a) || !visible(b)) continue;
    else if (kinds[l] === LINK_EXACT) { keep[l] = 1; nExact++; }
    else { keep[l] = 2; nNear++; }
  }
  const per = LINK_VERTICES * LINK_VERTEX_FLOATS;
  const size = (nExact + nNear) * per;
  const vertices = into ? into.take(size) : new Float32Array(size);
  let e = 0, m = nExact; // write cursors (in links) for each kind
  for (let l = 0; l < nLinks; l++) {
    const kind = keep[l];
    if (kind === 0) continue;
    const a = links[2 * l], b = links[2 * l + 1];
    writeQuad(vertices, (kind === 1 ? e++ : m++) * per, positions[2 * a], positions[2 * a + 1], positions[2 * b], positions[2 * b + 1]);
  }
  return { vertices, nExact, nNear, nInvalid };
}

/** One link's quad at `o`: six vertices (from, to, end, side), corners (end, side) as two triangles. */
function writeQuad(v: Float32Array, o: number, ax: number, ay: number, bx: number, by: number): void {
  v[o] = ax; v[o + 1] = ay; v[o + 2] = bx; v[o + 3] = by; v[o + 4] = 0; v[o + 5] = -1;
  v[o + 6] = ax; v[o + 7] = ay; v[o + 8] = bx; v[o + 9] = by; v[o + 10] = 1; v[o + 11] = -1;
  v[o + 12] = ax; v[o + 13] = ay; v[o + 14] = bx; v[o + 15] = by; v[o + 16] = 1; v[o + 17] = 1;
  v[o + 18] = ax; v[o + 19] = ay; v[o + 20] = bx; v[o + 21] = by; v[o + 22] = 0; v[o + 23] = -1;
  v[o + 24] = ax; v[o + 25] = ay; v[o + 26] = bx; v[o + 27] = by; v[o + 28] = 1; v[o + 29] = 1;
  v[o + 30] = ax; v[o + 31] = ay; v[o + 32] = bx; v[o + 33] = by; v[o + 34] = 0; v[o + 35] = 1;
}
