// Potential outliers: a port of engine/_outliers.py. Clustered samples whose
// GLOSH score reaches the outlier_threshold; moving the threshold only compares
// the scores of the current extraction.

export const NO_POTENTIAL = 1.0; // the default cut when there is no noise

export const TOP_SHARE = 0.02; // the default flags the 2% highest-scoring clustered samples (ties included)

/**
 * The default outlier_threshold for one extraction (README, "Definitions"): numpy's
 * quantile(clustered scores, 1 - TOP_SHARE, method="higher"), or the lowest positive
 * clustered score when that is 0; NO_POTENTIAL without clustered samples.
 */
export function defaultOutlierThreshold(scores: Float64Array, labels: Int32Array): number {
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) k++;
  if (!k) return NO_POTENTIAL;
  const c = new Float64Array(k);
  k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0) c[k++] = scores[i];
  c.sort();
  const q = 1 - TOP_SHARE;
  // numpy's virtual index for method="higher" (alpha = beta = 1), the same float operations
  const at = Math.min(k - 1, Math.max(0, Math.ceil(k * q + (1 + q * (1 - 1 - 1)) - 1)));
  let cut = c[at];
  if (!(cut > 0)) {
    cut = NO_POTENTIAL;
    for (let i = 0; i < k; i++) if (c[i] > 0) { cut = c[i]; break; }
  }
  return Math.min(NO_POTENTIAL, cut);
}

export function potentialOutliers(scores: Float64Array, labels: Int32Array, threshold: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 && scores[i] >= threshold ? 1 : 0;
  return out;
}
