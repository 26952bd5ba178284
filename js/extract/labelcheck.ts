// Label check in the browser: a port of engine/_label_check.py's
// check_label_codes. A sample disagrees when its (current) label differs from
// its cluster's majority label; ties go to the label first in sorted order.

export interface LabelCheck {
  isDisagreement: Uint8Array;
  count: number;
  majority: Int32Array; // per cluster: its majority label code, -1 if none
  purity: Float64Array; // per cluster: share of its labelled samples with the majority label (NaN: none)
}

/**
 * @param clusters  cluster per sample (-1 noise: never flagged)
 * @param codes     label code per sample (-1 missing: never flagged, never counted)
 * @param rank      each code's place in sorted label order (ties -> lowest rank)
 */
export function labelDisagreements(
  clusters: Int32Array, nClusters: number, codes: Int32Array, rank: Int32Array,
): LabelCheck {
  const n = clusters.length, nCodes = rank.length;
  const majority = new Int32Array(nClusters).fill(-1);
  const best = new Int32Array(nClusters);
  const totals = new Int32Array(nClusters);
  const tally = (c: number, l: number, count: number): void => {
    totals[c] += count;
    const m = majority[c];
    if (m < 0 || count > best[c] || (count === best[c] && rank[l] < rank[m])) { majority[c] = l; best[c] = count; }
  };
  if (nClusters * nCodes <= 1 << 22) { // a dense table (16 MB at most): no per-pair objects
    const counts = new Int32Array(nClusters * nCodes);
    for (let i = 0; i < n; i++) if (clusters[i] >= 0 && codes[i] >= 0) counts[clusters[i] * nCodes + codes[i]]++;
    for (let c = 0; c < nClusters; c++) for (let l = 0; l < nCodes; l++) if (counts[c * nCodes + l]) tally(c, l, counts[c * nCodes + l]);
  } else { // many clusters and many labels: only the pairs that occur
    const counts = new Map<number, number>(); // cluster * nCodes + code -> count
    for (let i = 0; i < n; i++) {
      const c = clusters[i], l = codes[i];
      if (c >= 0 && l >= 0) { const key = c * nCodes + l; counts.set(key, (counts.get(key) ?? 0) + 1); }
    }
    for (const [key, count] of counts) { const c = Math.floor(key / nCodes); tally(c, key - c * nCodes, count); }
  }
  const isDisagreement = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = clusters[i], l = codes[i];
    if (c >= 0 && l >= 0 && majority[c] >= 0 && l !== majority[c]) { isDisagreement[i] = 1; count++; }
  }
  const purity = new Float64Array(nClusters).fill(NaN);
  for (let c = 0; c < nClusters; c++) if (totals[c] > 0) purity[c] = best[c] / totals[c];
  return { isDisagreement, count, majority, purity };
}
