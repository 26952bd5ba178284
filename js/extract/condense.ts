// Condensed tree for one min_cluster_size: a port of engine/_tree.py's condense
// (hdbscan's condense_tree, weighted: each point stands for its samples). Python
// writes the tree as rows and then sums stabilities over them; here each row is
// folded into its cluster as it is made. A cluster's rows all come from the merges
// on its path down the tree, met in the same order whatever order paths are
// walked in, so the float sums (and the ties excess of mass breaks) are
// identical; cluster ids are then put in Python's order (byBfs).
import { COUNT, FIELDS, FIRST, LEFT, LEFT_SIZE, MergeTable, RIGHT, RIGHT_SIZE } from "./mergetable";

/** The condensed tree, folded: per point where it leaves, per cluster what selection and labels read. */
export interface Condensed {
  nClusters: number; // cluster ids 0 .. nClusters-1, 0 = the root; children have larger ids than parents
  byBfs: Int32Array; // cluster ids in Python's order (the order it creates them)
  pointCluster: Int32Array; // per point (leaf order): the cluster it leaves
  pointLambda: Float64Array; // ... and the lambda at which it leaves
  parent: Int32Array; // per cluster: its parent cluster (-1: the root)
  birth: Float64Array; // lambda at which it is created
  death: Float64Array; // largest lambda of its rows (points leaving, children created)
  stability: Float64Array; // sum over its rows of (lambda - birth) * size, in Python's row order
  kid1: Int32Array; // its left and right child clusters (-1: none)
  kid2: Int32Array;
  bornAt: Int32Array; // breadth-first rank of the merge where it is created (its colour slot's key)
}

/** Scratch memory for condense(): a slider move allocates nothing; the result is valid until the next call. */
export class CondenseWork implements Condensed {
  nClusters = 0;
  readonly byBfs: Int32Array;
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
  readonly fell: Uint8Array; // per merge: a side that fell out (skipped with all under it)
  readonly splitLeft: Int32Array; // per breadth-first rank: the left cluster a split there made, -1 none
  readonly splits: Int32Array; // breadth-first ranks of this move's splits
  readonly under: Int32Array; // breadth-first walk under a fallen side with copies

  constructor(n: number) {
    const k = Math.max(2 * n - 1, 1), m = Math.max(n - 1, 1); // with weights every split can be a true one
    this.byBfs = new Int32Array(k);
    this.pointCluster = new Int32Array(n);
    this.pointLambda = new Float64Array(n);
    this.parent = new Int32Array(k);
    this.birth = new Float64Array(k);
    this.death = new Float64Array(k);
    this.stability = new Float64Array(k);
    this.kid1 = new Int32Array(k);
    this.kid2 = new Int32Array(k);
    this.bornAt = new Int32Array(k);
    this.relabel = new Int32Array(m);
    this.fell = new Uint8Array(m);
    this.splitLeft = new Int32Array(m).fill(-1);
    this.splits = new Int32Array(m);
    this.under = new Int32Array(2 * n);
  }
}

export function condense(t: MergeTable, m: number, w: CondenseWork = new CondenseWork(t.n)): Condensed {
  const { n, merges: M, lambda: LAM, bfsRank, weight } = t;
  const { relabel, fell, under, pointCluster, pointLambda, parent, birth, death, stability, kid1, kid2, bornAt } = w;
  fell.fill(0);
  let k = 0, nSplits = 0;
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
  relabel[0] = create(-1, 0, 0);
  for (let node = 0; node < n - 1; node++) {
    const o = FIELDS * node;
    if (fell[node]) { node += M[o + COUNT] - 2; continue; } // step over the merges under it
    const l = M[o + LEFT], r = M[o + RIGHT], lc = M[o + LEFT_SIZE], rc = M[o + RIGHT_SIZE];
    const lam = LAM[node], p = relabel[node];
    if (lc >= m && rc >= m) { // a true split: two new clusters, left then right
      w.splitLeft[bfsRank[node]] = k;
      w.splits[nSplits++] = bfsRank[node];
      for (let side = 0; side < 2; side++) {
        const child = side === 0 ? l : r, cnt = side === 0 ? lc : rc;
        row(p, lam, cnt);
        if (child >= n) relabel[child - n] = create(p, lam, bfsRank[child - n]);
        else { // a heavy point: a cluster that cannot split, its samples leave at birth (keyed by this split)
          const c = create(p, lam, bfsRank[node]);
          row(c, lam, cnt);
          pointCluster[child] = c; pointLambda[child] = lam;
        }
      }
      continue;
    }
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? l : r;
      const cnt = side === 0 ? lc : rc;
      if (cnt >= m && child >= n) { relabel[child - n] = p; continue; } // the big side carries the cluster on
      if (child < n) { // a point leaves (a heavy one ends the cluster)
        row(p, lam, cnt);
        pointCluster[child] = p; pointLambda[child] = lam;
        continue;
      }
      // the small side falls out: all its points (one range) leave at lam
      const v = child - n, lo = M[FIELDS * v + FIRST], hi = lo + M[FIELDS * v + COUNT];
      fell[v] = 1;
      for (let x = lo; x < hi; x++) { pointCluster[x] = p; pointLambda[x] = lam; }
      if (lam > death[p]) death[p] = lam;
      // its rows' sum, in Python's order (breadth-first under the side); with one sample per point
      // every term is the same, so any order gives the same bits
      const step = lam - birth[p];
      let sum = stability[p];
      if (cnt === hi - lo) for (let x = lo; x < hi; x++) sum += step;
      else {
        under[0] = child;
        let uh = 0, ut = 1;
        while (uh < ut) {
          const x = under[uh++];
          if (x < n) sum += step * weight[x];
          else { under[ut] = M[FIELDS * (x - n) + LEFT]; under[ut + 1] = M[FIELDS * (x - n) + RIGHT]; ut += 2; }
        }
      }
      stability[p] = sum;
    }
  }
  w.nClusters = k;
  orderLikePython(w, nSplits);
  return w;
}

/** byBfs: Python creates clusters at splits in breadth-first order of the merges, left then right. */
function orderLikePython(w: CondenseWork, nSplits: number): void {
  const { splits, splitLeft, byBfs } = w;
  const ranks = splits.subarray(0, nSplits).sort(); // numeric: a typed array
  byBfs[0] = 0;
  for (let s = 0, j = 1; s < nSplits; s++) {
    const c = splitLeft[ranks[s]];
    splitLeft[ranks[s]] = -1;
    byBfs[j++] = c; byBfs[j++] = c + 1;
  }
}
