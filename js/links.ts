// Duplicate links -> triangle vertices for WebGL. Each link becomes a quad
// (two triangles, 6 vertices) that the vertex shader widens to a fixed
// on-screen width; near-duplicate links are dashed there too.

export const LINK_EXACT = 0;
export const LINK_NEAR = 1;

/** Floats per vertex: from (x, y), to (x, y), end (0 = from, 1 = to), side (-1 or +1). */
export const LINK_VERTEX_FLOATS = 6;
export const LINK_VERTICES = 6;
const CORNERS: Array<[number, number]> = [[0, -1], [1, -1], [1, 1], [0, -1], [1, 1], [0, 1]];

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
 */
export function buildLinks(
  positions: Float32Array, links: Int32Array, kinds: Uint8Array, visible: (i: number) => boolean = () => true,
): LinkGeometry {
  const n = positions.length >> 1;
  const nLinks = Math.min(links.length >> 1, kinds.length);
  const inRange = (l: number) => {
    const a = links[2 * l], b = links[2 * l + 1];
    return a >= 0 && a < n && b >= 0 && b < n;
  };
  const valid = (l: number) => inRange(l) && visible(links[2 * l]) && visible(links[2 * l + 1]);
  let nExact = 0, nNear = 0, nInvalid = 0;
  for (let l = 0; l < nLinks; l++) {
    if (!inRange(l)) nInvalid++;
    else if (!valid(l)) continue;
    else if (kinds[l] === LINK_EXACT) nExact++;
    else nNear++;
  }
  const per = LINK_VERTICES * LINK_VERTEX_FLOATS;
  const vertices = new Float32Array((nExact + nNear) * per);
  let e = 0, m = nExact; // write cursors (in links) for each kind
  for (let l = 0; l < nLinks; l++) {
    if (!valid(l)) continue;
    const at = kinds[l] === LINK_EXACT ? e++ : m++;
    const a = links[2 * l], b = links[2 * l + 1];
    let o = at * per;
    for (const [end, side] of CORNERS) {
      vertices[o++] = positions[2 * a]; vertices[o++] = positions[2 * a + 1];
      vertices[o++] = positions[2 * b]; vertices[o++] = positions[2 * b + 1];
      vertices[o++] = end; vertices[o++] = side;
    }
  }
  return { vertices, nExact, nNear, nInvalid };
}
