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
 * Exact-duplicate group per sample (-1: none): the rows of one exact component, when they hold
 * >= 2 samples; groups numbered by their lowest sample. From the rows' sample lists (rowSamples),
 * so only the samples of groups are written.
 */
export function exactGroups(exactRow: Int32Array, start: Int32Array, samples: Int32Array): Groups {
  const nRows = exactRow.length;
  const count = new Int32Array(nRows), low = new Int32Array(nRows).fill(0x7fffffff);
  for (let r = 0; r < nRows; r++) {
    const c = exactRow[r], first = samples[start[r]];
    count[c] += start[r + 1] - start[r];
    if (first < low[c]) low[c] = first;
  }
  const roots: number[] = [];
  for (let r = 0; r < nRows; r++) if (exactRow[r] === r && count[r] >= 2) roots.push(r);
  roots.sort((a, b) => low[a] - low[b]);
  const gid = new Int32Array(nRows).fill(-1);
  roots.forEach((r, g) => { gid[r] = g; });
  const group = new Int32Array(samples.length).fill(-1);
  for (let r = 0; r < nRows; r++) {
    const g = gid[exactRow[r]];
    if (g >= 0) for (let k = start[r]; k < start[r + 1]; k++) group[samples[k]] = g;
  }
  return { group, nGroups: roots.length };
}

/**
 * Near-duplicate groups for any forest prefix, touching only the rows the prefix's edges
 * reach (a few at the usual thresholds) instead of every sample. A group is a component of
 * the prefix that spans two exact-duplicate groups, which is exactly when it holds an edge
 * past the exact prefix (the forest has no cycles, so each such edge joins two exact groups);
 * groups are numbered by their lowest sample.
 */
export class NearGroups {
  private readonly parent: Int32Array; // union-find over rows, identity outside a call
  private readonly low: Int32Array; // per component root: its lowest sample
  private readonly mixed: Uint8Array;
  private readonly touched: Int32Array;

  constructor(
    private readonly a: Int32Array, private readonly b: Int32Array, private readonly nExactEdges: number,
    private readonly rowStart: Int32Array, private readonly rowSamples: Int32Array, // samples of each row, ascending
  ) {
    const nRows = rowStart.length - 1;
    this.parent = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) this.parent[i] = i;
    this.low = new Int32Array(nRows);
    this.mixed = new Uint8Array(nRows);
    this.touched = new Int32Array(2 * a.length);
  }

  private find(x: number): number {
    const parent = this.parent;
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) { const nx = parent[x]; parent[x] = root; x = nx; }
    return root;
  }

  /** Group id per sample over the first m forest edges (-1: none), numbered by each group's lowest sample. */
  groups(m: number, nSamples: number): Groups {
    const { a, b, parent, low, mixed, touched, rowStart, rowSamples } = this;
    const group = new Int32Array(nSamples).fill(-1);
    if (m <= this.nExactEdges) return { group, nGroups: 0 };
    let nt = 0;
    for (let e = 0; e < m; e++) {
      const ra = this.find(a[e]), rb = this.find(b[e]);
      touched[nt++] = a[e]; touched[nt++] = b[e];
      if (ra !== rb) parent[ra > rb ? ra : rb] = ra < rb ? ra : rb;
    }
    for (let e = this.nExactEdges; e < m; e++) mixed[this.find(a[e])] = 1;
    // roots of mixed components, with their lowest sample
    const roots: number[] = [];
    for (let t = 0; t < nt; t++) {
      const u = touched[t], r = this.find(u);
      if (!mixed[r]) continue;
      const s = rowSamples[rowStart[u]];
      if (mixed[r] === 1) { mixed[r] = 2; low[r] = s; roots.push(r); } else if (s < low[r]) low[r] = s;
    }
    roots.sort((x, y) => low[x] - low[y]);
    for (let g = 0; g < roots.length; g++) low[roots[g]] = g; // now: the group id
    for (let t = 0; t < nt; t++) {
      const u = touched[t], r = this.find(u);
      if (!mixed[r]) continue;
      for (let k = rowStart[u]; k < rowStart[u + 1]; k++) group[rowSamples[k]] = low[r];
    }
    for (let t = 0; t < nt; t++) { const u = touched[t]; parent[u] = u; mixed[u] = 0; } // roots are touched rows too
    return { group, nGroups: roots.length };
  }
}

/** Samples of each distinct row, ascending: (start per row, n_rows + 1 long; sample indices). */
export function rowSamples(inverse: Int32Array, nRows: number): { start: Int32Array; samples: Int32Array } {
  const start = new Int32Array(nRows + 1);
  for (let i = 0; i < inverse.length; i++) start[inverse[i] + 1]++;
  for (let r = 0; r < nRows; r++) start[r + 1] += start[r];
  const fill = start.slice(0, nRows), samples = new Int32Array(inverse.length);
  for (let i = 0; i < inverse.length; i++) samples[fill[inverse[i]]++] = i;
  return { start, samples };
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
