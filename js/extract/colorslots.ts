// Colour slots of clusters: a port of engine/_color_slots.py (the README's
// "Cluster colours" rule). Slots are keyed to chains of the single-linkage tree,
// so they depend on the fitted tree and min_cluster_size alone.

/** The child of a merge first in node order: size descending, distance ascending, lowest point ascending. */
function heavier(a: number, b: number, n: number, D: Float64Array, S: Int32Array, low: Int32Array): number {
  const sa = a >= n ? S[a - n] : 1, sb = b >= n ? S[b - n] : 1;
  if (sa !== sb) return sa > sb ? a : b;
  const da = a >= n ? D[a - n] : 0, db = b >= n ? D[b - n] : 0;
  if (da !== db) return da < db ? a : b;
  const la = a >= n ? low[a - n] : a, lb = b >= n ? low[b - n] : b;
  return la < lb ? a : b;
}

/**
 * Slot of every merge of the prepared tree (breadth-first order, as fitted.ts has it): the rank of its
 * chain's head in node order. Once per fit.
 */
export function nodeSlots(L: Int32Array, R: Int32Array, D: Float64Array, S: Int32Array, n: number): Int32Array {
  const m = n - 1;
  if (m <= 0) return new Int32Array(0);
  const low = new Int32Array(m);
  for (let r = m - 1; r >= 0; r--) { // children come after their parent
    const a = L[r] < n ? L[r] : low[L[r] - n], b = R[r] < n ? R[r] : low[R[r] - n];
    low[r] = a < b ? a : b;
  }
  const head = new Int32Array(m);
  let nHeads = 1;
  for (let r = 0; r < m; r++) {
    const heavy = heavier(L[r], R[r], n, D, S, low);
    const l = L[r], rr = R[r];
    if (l >= n) { head[l - n] = l === heavy ? head[r] : l - n; if (l !== heavy) nHeads++; }
    if (rr >= n) { head[rr - n] = rr === heavy ? head[r] : rr - n; if (rr !== heavy) nHeads++; }
  }
  const heads = new Int32Array(nHeads);
  for (let r = 0, k = 0; r < m; r++) if (head[r] === r) heads[k++] = r;
  // a total order (a head inside another head's subtree is strictly lighter), so the sort needs no stability
  heads.sort((a, b) => (S[b] - S[a]) || (D[a] - D[b]) || (low[a] - low[b]));
  const rank = new Int32Array(m);
  for (let k = 0; k < nHeads; k++) rank[heads[k]] = k;
  const slots = new Int32Array(m);
  for (let r = 0; r < m; r++) slots[r] = rank[head[r]];
  return slots;
}

/**
 * Slot per cluster label: the slot of the merge where each selected cluster is created.
 * @param byBfs  cluster ids in label order (condense.ts); bornAt: breadth-first merge rank per cluster id
 */
export function clusterSlots(slotOfNode: Int32Array, bornAt: Int32Array, byBfs: Int32Array, selected: Uint8Array,
  nClusters: number): Int32Array {
  const out = new Int32Array(nClusters);
  let k = 0;
  for (let j = 0; j < selected.length && k < nClusters; j++) if (selected[byBfs[j]]) out[k++] = slotOfNode[bornAt[byBfs[j]]];
  // root only (a heavy point is the one cluster): keyed by the root, as engine/_tree.extract does
  if (k < nClusters) out[k] = slotOfNode.length ? slotOfNode[bornAt[0]] : 0;
  return out;
}
