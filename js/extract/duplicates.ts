// Exact and near duplicates at any threshold from the sorted duplicate forest:
// a port of engine/_links.py (components of a forest prefix, sample groups)
// and of the links Clusterer.evaluate() reports.

/** The largest distance that counts as at most t (engine/_links.within): ties survive rounding. */
export function within(t: number, tieAtol: number, tieRtol: number): number {
  return t * (1 + tieRtol) + tieAtol;
}

/** Edges of the forest with weight <= t (numpy's searchsorted side="right"). */
export function prefixLength(w: Float64Array, t: number): number {
  let lo = 0, hi = w.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (w[mid] <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Component of each row over the first m edges, named by its lowest row. */
export function componentsPrefix(a: Int32Array, b: Int32Array, m: number, nRows: number): Int32Array {
  const parent = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) { const nx = parent[x]; parent[x] = root; x = nx; }
    return root;
  };
  for (let e = 0; e < m; e++) {
    const ra = find(a[e]), rb = find(b[e]);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const comp = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) comp[i] = find(i);
  return comp;
}

export interface Groups { group: Int32Array; nGroups: number }

/**
 * Group id per sample (-1: none), numbered by each group's lowest sample. A group needs
 * >= 2 samples; with needTwoExact it must also span >= 2 exact-duplicate groups.
 */
export function sampleGroups(
  compOfRow: Int32Array, inverse: Int32Array, exactOfRow: Int32Array, needTwoExact: boolean,
): Groups {
  const n = inverse.length, nRows = compOfRow.length;
  const count = new Int32Array(nRows);
  const firstExact = new Int32Array(nRows).fill(-1);
  const mixed = new Uint8Array(nRows);
  for (let i = 0; i < n; i++) {
    const u = inverse[i], c = compOfRow[u];
    count[c]++;
    const e = exactOfRow[u];
    if (firstExact[c] < 0) firstExact[c] = e;
    else if (firstExact[c] !== e) mixed[c] = 1;
  }
  const gid = new Int32Array(nRows).fill(-1);
  const group = new Int32Array(n).fill(-1);
  let next = 0;
  for (let i = 0; i < n; i++) {
    const c = compOfRow[inverse[i]];
    if (count[c] < 2 || (needTwoExact && !mixed[c])) continue;
    if (gid[c] < 0) gid[c] = next++;
    group[i] = gid[c];
  }
  return { group, nGroups: next };
}

/** Lowest sample index of each distinct row. */
export function representatives(inverse: Int32Array, nRows: number): Int32Array {
  const rep = new Int32Array(nRows).fill(-1);
  for (let i = 0; i < inverse.length; i++) if (rep[inverse[i]] < 0) rep[inverse[i]] = i;
  return rep;
}

/** Sample-index pairs of the forest edges [from, to) (each row by its lowest sample). */
export function edgeLinks(a: Int32Array, b: Int32Array, rep: Int32Array, from: number, to: number): Int32Array {
  const out = new Int32Array(2 * (to - from));
  for (let e = from; e < to; e++) {
    out[2 * (e - from)] = rep[a[e]];
    out[2 * (e - from) + 1] = rep[b[e]];
  }
  return out;
}
