// Excess-of-mass cluster selection: a port of engine/_tree.py's select_eom
// (hdbscan's compute_stability + get_clusters), float32 subtree sums included,
// so equal stabilities break the same way. O(clusters): condense() summed the
// stabilities already.
import type { Condensed } from "./condense";

/** One flag per cluster id (0 = the root): selected as a flat cluster. */
export function selectEom(t: Condensed): Uint8Array {
  const { nClusters: k, kid1, kid2, parent } = t;
  const stability = t.stability.slice(0, k); // raised to the subtree's below
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
    const p = parent[c];
    covered[c] = p > 0 && (covered[p] || keep[p]) ? 1 : 0;
    selected[c] = keep[c] && !covered[c] ? 1 : 0;
  }
  return selected;
}
