// Labels, membership probabilities and GLOSH outlier scores per point: a port
// of engine/_tree.py's label_points (hdbscan's do_labelling, get_probabilities
// and outlier_scores), over the folded condensed tree (condense.ts).
import type { Condensed } from "./condense";

export interface PointLabels {
  labels: Int32Array; // -1 = noise
  probabilities: Float64Array;
  scores: Float64Array; // GLOSH
  nClusters: number;
}

/**
 * @param weight  samples per point; m  min_cluster_size (a point carrying that many samples can be the one cluster)
 */
export function labelPoints(t: Condensed, n: number, selected: Uint8Array, weight: Int32Array, m: number): PointLabels {
  const { nClusters: k, byBfs, parent, death, pointCluster, pointLambda } = t;
  const labelOf = new Int32Array(k).fill(-1);
  let next = 0;
  for (let j = 0; j < k; j++) if (selected[byBfs[j]]) labelOf[byBfs[j]] = next++; // labels in Python's cluster order
  // nearest selected ancestor-or-self of each cluster (parents have smaller ids)
  const owner = new Int32Array(k).fill(-1);
  for (let c = 1; c < k; c++) owner[c] = selected[c] ? c : owner[parent[c]];
  const gloshDeaths = death.slice(0, k); // largest lambda in the subtree
  for (let c = k - 1; c > 0; c--) if (gloshDeaths[c] > gloshDeaths[parent[c]]) gloshDeaths[parent[c]] = gloshDeaths[c];
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    const p = pointCluster[x], lam = pointLambda[x];
    const top = gloshDeaths[p];
    if (top > 0 && lam !== Infinity) scores[x] = top !== Infinity ? (top - lam) / top : 1;
    const o = p > 0 ? owner[p] : -1;
    if (o >= 0) {
      labels[x] = labelOf[o];
      const mx = death[o];
      probabilities[x] = mx === 0 || lam === Infinity ? 1 : mx !== Infinity ? Math.min(lam, mx) / mx : 0;
    }
  }
  if (next === 0) { // root only: a point of >= m samples (its last member) is the one cluster
    for (let x = 0; x < n; x++) if (weight[x] >= m) { labels[x] = 0; probabilities[x] = 1; next = 1; }
  }
  return { labels, probabilities, scores, nClusters: next };
}
