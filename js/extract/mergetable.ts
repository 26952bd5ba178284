// The single-linkage tree laid out for condense() (condense.ts), once per fit.
//
// A min_cluster_size move walks every merge still inside a cluster: a cluster is a
// path down the tree that goes on through the side with more samples, while the
// other side falls out. Merges are renumbered in preorder, heavier side first, so
// such a path is consecutive merges and a fallen side is one range of merges (and
// of points, renumbered in the same leaf order) that the walk steps over. The
// children keep their left/right places, which set Python's row order.

export const FIELDS = 6; // per merge, in `merges`: left, right, left size, right size, first point, points
export const LEFT = 0, RIGHT = 1, LEFT_SIZE = 2, RIGHT_SIZE = 3, FIRST = 4, COUNT = 5;

export interface MergeTable {
  n: number; // points
  merges: Int32Array; // FIELDS per merge (preorder): children (< n: points in leaf order, >= n: n + preorder
  //                     rank), samples under each child, the merge's first point and its number of points
  lambda: Float64Array; // per merge: 1 / distance (Infinity at 0)
  bfsRank: Int32Array; // per merge: its breadth-first rank (Python's visiting order; colour slots' key)
  weight: Int32Array; // samples each point (leaf order) stands for
  leafOf: Int32Array; // canonical point index -> its place in leaf order
}

/**
 * @param L, R    children of each merge in breadth-first order (< n: points, >= n: n + merge rank)
 * @param D       merge distances; S samples under each merge
 * @param weight  samples each point stands for (canonical point order)
 */
export function mergeTable(L: Int32Array, R: Int32Array, D: Float64Array, S: Int32Array, weight: Int32Array,
  n: number): MergeTable {
  const m = Math.max(n - 1, 0);
  const count = new Int32Array(m); // points under each merge (breadth-first index)
  for (let r = m - 1; r >= 0; r--) count[r] = (L[r] >= n ? count[L[r] - n] : 1) + (R[r] >= n ? count[R[r] - n] : 1);
  const pre = new Int32Array(m), first = new Int32Array(m), leafOf = new Int32Array(n);
  for (let r = 0; r < m; r++) { // parents first: each places its heavier child, then the other
    const l = L[r], rr = R[r];
    const ls = l >= n ? S[l - n] : weight[l], rs = rr >= n ? S[rr - n] : weight[rr];
    const heavy = ls >= rs ? l : rr, light = heavy === l ? rr : l;
    const hm = heavy >= n ? count[heavy - n] - 1 : 0; // merges under the heavy side
    if (heavy >= n) { pre[heavy - n] = pre[r] + 1; first[heavy - n] = first[r]; } else leafOf[heavy] = first[r];
    const at = first[r] + hm + 1; // points: one more than merges
    if (light >= n) { pre[light - n] = pre[r] + 1 + hm; first[light - n] = at; } else leafOf[light] = at;
  }
  const merges = new Int32Array(FIELDS * m), lambda = new Float64Array(m), bfsRank = new Int32Array(m);
  const w = new Int32Array(n);
  for (let x = 0; x < n; x++) w[leafOf[x]] = weight[x];
  for (let r = 0; r < m; r++) {
    const d = pre[r], o = FIELDS * d, l = L[r], rr = R[r];
    merges[o + LEFT] = l >= n ? n + pre[l - n] : leafOf[l];
    merges[o + RIGHT] = rr >= n ? n + pre[rr - n] : leafOf[rr];
    merges[o + LEFT_SIZE] = l >= n ? S[l - n] : weight[l];
    merges[o + RIGHT_SIZE] = rr >= n ? S[rr - n] : weight[rr];
    merges[o + FIRST] = first[r];
    merges[o + COUNT] = count[r];
    lambda[d] = D[r] > 0 ? 1 / D[r] : Infinity;
    bfsRank[d] = r;
  }
  return { n, merges, lambda, bfsRank, weight: w, leafOf };
}
