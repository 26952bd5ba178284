// Cluster sizes and the largest-first order the legend and visibility use.

/** Number of clusters = max label + 1 (labels are 0..K-1, -1 = noise). */
export function countClusters(labels: Int32Array): number {
  let max = -1;
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l > max) max = l;
  }
  return max + 1;
}

export function clusterSizes(labels: Int32Array, k = countClusters(labels)): Int32Array {
  const sizes = new Int32Array(k);
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if ((l >>> 0) < k) sizes[l]++; // one unsigned compare: skips noise (-1) and ids >= k
  }
  return sizes;
}

/** Cluster ids ordered by size (largest first), ties by id. */
export function bySizeDesc(sizes: Int32Array): number[] {
  const k = sizes.length;
  let lo = 0, hi = 0;
  for (let c = 0; c < k; c++) { if (sizes[c] < lo) lo = sizes[c]; if (sizes[c] > hi) hi = sizes[c]; }
  if ((hi - lo + 1) * k > Number.MAX_SAFE_INTEGER) {
    const ids = Array.from({ length: k }, (_, i) => i);
    return ids.sort((a, b) => sizes[b] - sizes[a] || a - b);
  }
  // One exact integer key per id, sorted natively (no comparator calls): size descending, then id.
  const keys = new Float64Array(k);
  for (let c = 0; c < k; c++) keys[c] = (hi - sizes[c]) * k + c;
  keys.sort();
  const ids = new Array<number>(k);
  for (let j = 0; j < k; j++) ids[j] = keys[j] % k;
  return ids;
}
