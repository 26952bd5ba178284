// Potential outliers: a port of engine/_outliers.py. Clustered samples whose
// GLOSH score reaches the outlier_threshold; moving the threshold only compares
// the scores of the current extraction.

export const NO_POTENTIAL = 1.0; // the default cut when there is no noise

/** The default outlier_threshold for one extraction (README, "Definitions"). */
export function defaultOutlierThreshold(scores: Float64Array, labels: Int32Array): number {
  let lowest = Infinity;
  for (let i = 0; i < labels.length; i++) if (labels[i] < 0 && scores[i] < lowest) lowest = scores[i];
  return lowest === Infinity ? NO_POTENTIAL : lowest;
}

export function potentialOutliers(scores: Float64Array, labels: Int32Array, threshold: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 && scores[i] >= threshold ? 1 : 0;
  return out;
}
