// Excess-of-mass cluster selection: a port of engine/_tree.py's select_eom
// (hdbscan's compute_stability + get_clusters), float32 subtree sums included,
// so equal stabilities break the same way.
import type { Condensed } from "./condense";

/** One flag per cluster id (0 = the root): selected as a flat cluster. */
export function selectEom(t: Condensed, n: number): Uint8Array {
  const { parent: cp, child: cc, lambda: cl, size: cs, nClusters: k } = t;
  const rows = cc.length;
  const births = new Float64Array(k);
  for (let r = 0; r < rows; r++) if (cc[r] >= n) births[cc[r] - n] = cl[r];
  const stability = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const p = cp[r] - n;
    stability[p] += (cl[r] - births[p]) * cs[r];
  }
  const kid1 = new Int32Array(k).fill(-1), kid2 = new Int32Array(k).fill(-1), up = new Int32Array(k).fill(-1);
  for (let r = 0; r < rows; r++) {
    if (cc[r] >= n) { // a cluster row (hdbscan tests size > 1; weighted points can be larger)
      const p = cp[r] - n, c = cc[r] - n;
      up[c] = p;
      if (kid1[p] < 0) kid1[p] = c; else kid2[p] = c;
    }
  }
  const keep = new Uint8Array(k);
  for (let c = k - 1; c > 0; c--) { // children have larger ids: bottom-up
    let sub = 0; // hdbscan sums subtree stability in a C float
    if (kid1[c] >= 0) sub = Math.fround(sub + stability[kid1[c]]);
    if (kid2[c] >= 0) sub = Math.fround(sub + stability[kid2[c]]);
    if (sub > stability[c]) stability[c] = sub; else keep[c] = 1;
  }
  const selected = new Uint8Array(k);
  const covered = new Uint8Array(k); // has a kept ancestor
  for (let c = 1; c < k; c++) { // parents have smaller ids: top-down
    const p = up[c];
    covered[c] = p > 0 && (covered[p] || keep[p]) ? 1 : 0;
    selected[c] = keep[c] && !covered[c] ? 1 : 0;
  }
  return selected;
}
