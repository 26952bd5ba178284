// Condensed tree for one min_cluster_size: a port of engine/_tree.py's condense
// (hdbscan's condense_tree, weighted: each point stands for its samples). Python
// writes the tree as rows and then sums stabilities over them; here the same
// traversal folds each row into its cluster as it is made, in the same order (so
// the float sums, and the ties excess of mass breaks, are identical), and keeps
// per point only where it leaves: O(points) memory, allocated once per fit.

/** The condensed tree, folded: per point where it leaves, per cluster what selection and labels read. */
export interface Condensed {
  nClusters: number; // cluster ids 0 .. nClusters-1, 0 = the root; children have larger ids than parents
  pointCluster: Int32Array; // per point: the cluster it leaves
  pointLambda: Float64Array; // ... and the lambda at which it leaves
  parent: Int32Array; // per cluster: its parent cluster (-1: the root)
  birth: Float64Array; // lambda at which it is created
  death: Float64Array; // largest lambda of its rows (points leaving, children created)
  stability: Float64Array; // sum over its rows of (lambda - birth) * size, in Python's row order
  kid1: Int32Array; // its first and second child clusters (-1: none)
  kid2: Int32Array;
  bornAt: Int32Array; // the tree merge where it is created (its colour slot's key)
}

/** Scratch memory for condense(): a slider move allocates nothing; the result is valid until the next call. */
export class CondenseWork implements Condensed {
  nClusters = 0;
  readonly pointCluster: Int32Array;
  readonly pointLambda: Float64Array;
  readonly parent: Int32Array;
  readonly birth: Float64Array;
  readonly death: Float64Array;
  readonly stability: Float64Array;
  readonly kid1: Int32Array;
  readonly kid2: Int32Array;
  readonly bornAt: Int32Array;
  readonly relabel: Int32Array; // per merge: the cluster it belongs to
  readonly queue: Int32Array; // merges still in a cluster, breadth-first
  readonly fallen: Int32Array; // nodes under a fallen side with copies (their order sets the sum)

  constructor(n: number) {
    const k = Math.max(2 * n - 1, 1); // with weights every split can be a true one
    this.pointCluster = new Int32Array(n);
    this.pointLambda = new Float64Array(n);
    this.parent = new Int32Array(k);
    this.birth = new Float64Array(k);
    this.death = new Float64Array(k);
    this.stability = new Float64Array(k);
    this.kid1 = new Int32Array(k);
    this.kid2 = new Int32Array(k);
    this.bornAt = new Int32Array(k);
    this.relabel = new Int32Array(Math.max(n - 1, 1));
    this.queue = new Int32Array(Math.max(n - 1, 1));
    this.fallen = new Int32Array(2 * n);
  }
}

/**
 * The tree as condense() reads it, prepared once per fit. Points are renumbered in the
 * tree's left-to-right leaf order, so the points under any merge are one range
 * [first, first + count): a side that falls out is written as a range, front to back.
 */
export interface MergeTable {
  n: number; // points
  left: Int32Array; // children (< n: points in leaf order, >= n: n + merge rank)
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array; // samples under each merge
  first: Int32Array; // per merge: its first point (leaf order)
  count: Int32Array; // per merge: its points
  weight: Int32Array; // samples each point (leaf order) stands for
  leafOf: Int32Array; // canonical point index -> its place in leaf order
}

/**
 * @param L, R    children of each merge in breadth-first order (< n: points, >= n: n + merge rank)
 * @param D       merge distances; S samples under each merge
 * @param weight  samples each point stands for (canonical point order)
 */
export function mergeTable(L: Int32Array, R: Int32Array, D: Float64Array, S: Int32Array, weight: Int32Array,
  n: number): MergeTable {
  const m = Math.max(n - 1, 0);
  const count = new Int32Array(m), first = new Int32Array(m), leafOf = new Int32Array(n);
  for (let r = m - 1; r >= 0; r--) count[r] = (L[r] >= n ? count[L[r] - n] : 1) + (R[r] >= n ? count[R[r] - n] : 1);
  const left = new Int32Array(m), right = new Int32Array(m), w = new Int32Array(n);
  for (let r = 0; r < m; r++) { // parents first: each hands its range on, left child first
    let at = first[r];
    for (let side = 0; side < 2; side++) {
      const c = side === 0 ? L[r] : R[r];
      let to = c;
      if (c >= n) { first[c - n] = at; at += count[c - n]; } else { leafOf[c] = at; w[at] = weight[c]; to = at++; }
      if (side === 0) left[r] = to; else right[r] = to;
    }
  }
  if (n === 1) { leafOf[0] = 0; w[0] = weight[0]; }
  return { n, left, right, distance: D, size: S, first, count, weight: w, leafOf };
}

/** The condensed tree at min_cluster_size m, folded into w. */
export function condense(t: MergeTable, m: number, w: CondenseWork = new CondenseWork(t.n)): Condensed {
  const { n, left: L, right: R, distance: D, size: S, first, count, weight } = t;
  const { relabel, queue, fallen, pointCluster, pointLambda, parent, birth, death, stability, kid1, kid2, bornAt } = w;
  let k = 0;
  const create = (p: number, lam: number, at: number): number => {
    parent[k] = p; birth[k] = lam; death[k] = 0; stability[k] = 0; kid1[k] = -1; kid2[k] = -1; bornAt[k] = at;
    if (p >= 0) { if (kid1[p] < 0) kid1[p] = k; else kid2[p] = k; }
    return k++;
  };
  // one condensed row (parent p, lambda lam, size cnt), folded into p
  const row = (p: number, lam: number, cnt: number): void => {
    if (lam > death[p]) death[p] = lam;
    stability[p] += (lam - birth[p]) * cnt;
  };
  // Python visits every merge in breadth-first order and skips those under a side that fell out;
  // a FIFO queue of the merges still in a cluster visits the same ones in the same order, and
  // never the (many) merges under a fallen side: their points are one range, written at once.
  relabel[0] = create(-1, 0, 0);
  queue[0] = 0;
  let qh = 0, qt = n > 1 ? 1 : 0;
  while (qh < qt) {
    const node = queue[qh++];
    const l = L[node], r = R[node], d = D[node];
    const lam = d > 0 ? 1 / d : Infinity;
    const lc = l >= n ? S[l - n] : weight[l];
    const rc = r >= n ? S[r - n] : weight[r];
    const p = relabel[node];
    if (lc >= m && rc >= m) {
      for (let side = 0; side < 2; side++) {
        const child = side === 0 ? l : r, cnt = side === 0 ? lc : rc;
        row(p, lam, cnt);
        if (child >= n) { relabel[child - n] = create(p, lam, child - n); queue[qt++] = child - n; }
        else { // a heavy point: a cluster that cannot split, its samples leave at birth (keyed by this split)
          const c = create(p, lam, node);
          row(c, lam, cnt);
          pointCluster[child] = c; pointLambda[child] = lam;
        }
      }
      continue;
    }
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? l : r;
      const cnt = side === 0 ? lc : rc;
      if (cnt >= m && child >= n) { relabel[child - n] = p; queue[qt++] = child - n; continue; } // carries it on
      if (child < n) { // a point leaves (a heavy one ends the cluster)
        row(p, lam, cnt);
        pointCluster[child] = p; pointLambda[child] = lam;
        continue;
      }
      // the small side falls out: all its points leave at lam
      const v = child - n, lo = first[v], hi = lo + count[v];
      for (let x = lo; x < hi; x++) { pointCluster[x] = p; pointLambda[x] = lam; }
      if (lam > death[p]) death[p] = lam;
      // its rows' sum, in Python's order (breadth-first under the side); with one sample per point
      // every term is the same, so any order gives the same bits
      const step = lam - birth[p];
      let sum = stability[p];
      if (S[v] === hi - lo) for (let x = lo; x < hi; x++) sum += step;
      else {
        const under = fallen; // a second queue: the main one is in use
        under[0] = child;
        let uh = 0, ut = 1;
        while (uh < ut) {
          const x = under[uh++];
          if (x < n) sum += step * weight[x];
          else { under[ut] = L[x - n]; under[ut + 1] = R[x - n]; ut += 2; }
        }
      }
      stability[p] = sum;
    }
  }
  w.nClusters = k;
  return w;
}
