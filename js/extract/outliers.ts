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
  const q = 1 - TOP_SHARE;
  // numpy's virtual index for method="higher" (alpha = beta = 1), the same float operations
  const at = Math.min(k - 1, Math.max(0, Math.ceil(k * q + (1 + q * (1 - 1 - 1)) - 1)));
  let cut = select(c, at); // the at-th smallest: O(n), no full sort
  if (!(cut > 0)) {
    cut = NO_POTENTIAL;
    for (let i = 0; i < k; i++) if (c[i] > 0 && c[i] < cut) cut = c[i];
  }
  return Math.min(NO_POTENTIAL, cut);
}

/** The k-th smallest value of a (reordered in place): Hoare's quickselect, middle pivot. */
function select(a: Float64Array, k: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { const t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j; else if (k >= i) lo = i; else return a[k];
  }
  return a[k];
}

/**
 * defaultOutlierThreshold over points that each stand for weight[p] samples (label >= 0: clustered):
 * the same number as over the samples, from O(points) work. Reorders nothing given.
 */
export function defaultOutlierThresholdWeighted(scores: Float64Array, labels: Int32Array, weight: Int32Array): number {
  let k = 0, np = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] >= 0) { k += weight[p]; np++; }
  if (!k) return NO_POTENTIAL;
  const v = new Float64Array(np), w = new Int32Array(np);
  np = 0;
  for (let p = 0; p < labels.length; p++) if (labels[p] >= 0) { v[np] = scores[p]; w[np++] = weight[p]; }
  const q = 1 - TOP_SHARE;
  const at = Math.min(k - 1, Math.max(0, Math.ceil(k * q + (1 + q * (1 - 1 - 1)) - 1)));
  let cut = selectWeighted(v, w, at);
  if (!(cut > 0)) {
    cut = NO_POTENTIAL;
    for (let i = 0; i < np; i++) if (v[i] > 0 && v[i] < cut) cut = v[i];
  }
  return Math.min(NO_POTENTIAL, cut);
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
