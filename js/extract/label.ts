// Labels, membership probabilities and GLOSH outlier scores per point: a port
// of engine/_tree.py's label_points (hdbscan's do_labelling, get_probabilities
// and outlier_scores).
import type { Condensed } from "./condense";

export interface PointLabels {
  labels: Int32Array; // -1 = noise
  probabilities: Float64Array;
  scores: Float64Array; // GLOSH
  nClusters: number;
}

/** @param m  min_cluster_size (a point carrying that many samples can be the one cluster) */
export function labelPoints(t: Condensed, n: number, selected: Uint8Array, m: number): PointLabels {
  const { parent: cp, child: cc, lambda: cl, size: cs, nClusters: k } = t;
  const rows = cc.length;
  const labelOf = new Int32Array(k).fill(-1);
  let next = 0;
  for (let c = 0; c < k; c++) if (selected[c]) labelOf[c] = next++;
  // nearest selected ancestor-or-self of each cluster
  const owner = new Int32Array(k).fill(-1);
  const deaths = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const p = cp[r] - n;
    if (cl[r] > deaths[p]) deaths[p] = cl[r];
    if (cc[r] >= n) {
      const c = cc[r] - n;
      owner[c] = selected[c] ? c : owner[p];
    }
  }
  const gloshDeaths = deaths.slice();
  for (let r = rows - 1; r >= 0; r--) {
    if (cc[r] >= n) {
      const c = cc[r] - n, p = cp[r] - n;
      if (gloshDeaths[c] > gloshDeaths[p]) gloshDeaths[p] = gloshDeaths[c];
    }
  }
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const x = cc[r];
    if (x >= n) continue;
    const p = cp[r] - n;
    const lam = cl[r];
    const top = gloshDeaths[p];
    if (top > 0 && Number.isFinite(lam)) scores[x] = Number.isFinite(top) ? (top - lam) / top : 1;
    const o = p > 0 ? owner[p] : -1;
    if (o >= 0) {
      labels[x] = labelOf[o];
      const mx = deaths[o];
      probabilities[x] = mx === 0 || !Number.isFinite(lam) ? 1 : Number.isFinite(mx) ? Math.min(lam, mx) / mx : 0;
    }
  }
  if (next === 0) { // root only: a point of >= m samples (its last member) is the one cluster
    for (let r = 0; r < rows; r++) {
      if (cc[r] < n && cs[r] >= m) { labels[cc[r]] = 0; probabilities[cc[r]] = 1; next = 1; }
    }
  }
  return { labels, probabilities, scores, nClusters: next };
}
