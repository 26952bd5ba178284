// Potential outliers: a port of engine/_outliers.py. Clustered samples whose
// GLOSH score reaches the outlier_threshold; moving the threshold only compares
// the scores of the current extraction.

export const NO_POTENTIAL = 1.0; // the default cut when there is no noise

export const TOP_SHARE = 0.02; // the default flags the 2% highest-scoring clustered samples (ties included)

/**
 * The default outlier_threshold for one extraction (README, "Definitions"): numpy's
 * quantile(clustered scores, 1 - TOP_SHARE, method="higher"), or the lowest positive
 * clustered score when that is 0; NO_POTENTIAL without clustered samples. Computed over
 * points that each stand for weight[p] samples (label >= 0: clustered), from O(points) work:
 * a histogram of the scores' leading bits finds the bucket holding the quantile (non-negative
 * doubles order like their bits), and only that bucket is searched.
 */
export function defaultOutlierThresholdWeighted(scores: Float64Array, labels: Int32Array, weight: Int32Array): number {
  const np = labels.length;
  const high = new Uint32Array(scores.buffer, scores.byteOffset, 2 * np); // little endian: [low, high] words
  const hist = new Float64Array(1 << 16);
  let k = 0, lowestPositive = NO_POTENTIAL, ordered = true;
  for (let p = 0; p < np; p++) {
    if (labels[p] < 0) continue;
    const s = scores[p];
    k += weight[p];
    hist[high[2 * p + 1] >>> 16] += weight[p];
    if (s > 0 && s < lowestPositive) lowestPositive = s;
    if (!(s >= 0)) ordered = false; // negative or NaN: bits do not order them
  }
  if (!k) return NO_POTENTIAL;
  const q = 1 - TOP_SHARE;
  // numpy's virtual index for method="higher" (alpha = beta = 1), the same float operations
  let at = Math.min(k - 1, Math.max(0, Math.ceil(k * q + (1 + q * (1 - 1 - 1)) - 1)));
  let bucket = -1;
  if (ordered) {
    for (bucket = 0; at >= hist[bucket]; bucket++) at -= hist[bucket];
  }
  let count = 0;
  for (let p = 0; p < np; p++) if (labels[p] >= 0 && (bucket < 0 || high[2 * p + 1] >>> 16 === bucket)) count++;
  const v = new Float64Array(count), w = new Int32Array(count);
  count = 0;
  for (let p = 0; p < np; p++) {
    if (labels[p] >= 0 && (bucket < 0 || high[2 * p + 1] >>> 16 === bucket)) { v[count] = scores[p]; w[count++] = weight[p]; }
  }
  const cut = selectWeighted(v, w, at);
  return Math.min(NO_POTENTIAL, cut > 0 ? cut : lowestPositive);
}

/** The at-th smallest sample of values each repeated w times (v, w reordered in place): three-way quickselect. */
function selectWeighted(v: Float64Array, w: Int32Array, at: number): number {
  let lo = 0, hi = v.length; // [lo, hi) holds the answer; at counts samples from lo
  for (;;) {
    const pivot = v[(lo + hi) >>> 1];
    // Dutch flag: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot
    let lt = lo, i = lo, gt = hi - 1, wl = 0, we = 0;
    while (i <= gt) {
      const x = v[i];
      if (x < pivot) {
        wl += w[i];
        swap(v, w, lt++, i++);
      } else if (x > pivot) {
        swap(v, w, i, gt--);
      } else { we += w[i]; i++; }
    }
    if (at < wl) hi = lt;
    else if (at < wl + we) return pivot;
    else { at -= wl + we; lo = gt + 1; }
  }
}

function swap(v: Float64Array, w: Int32Array, a: number, b: number): void {
  const t = v[a]; v[a] = v[b]; v[b] = t;
  const u = w[a]; w[a] = w[b]; w[b] = u;
}

export function potentialOutliers(scores: Float64Array, labels: Int32Array, threshold: number): Uint8Array {
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = labels[i] >= 0 && scores[i] >= threshold ? 1 : 0;
  return out;
}
