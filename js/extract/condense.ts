// Condensed tree for one min_cluster_size: a port of engine/_tree.py's condense
// (hdbscan's condense_tree, weighted: each point stands for its samples), same
// traversal order so the rows come out identical (stability sums in that order).

/** Rows (parent, child, lambda, child size); parents and cluster children are n + cluster id. */
export interface Condensed {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  size: Int32Array;
  nClusters: number;
  bornAt: Int32Array; // per cluster id: the tree merge where it is created (its colour slot's key)
}

/**
 * Scratch memory for condense(), allocated once per fit: a slider move then allocates
 * nothing, and the rows it returns are views into it, valid until the next call.
 */
export class CondenseWork {
  readonly relabel: Int32Array;
  readonly ignore: Uint8Array;
  readonly queue: Int32Array;
  readonly parent: Int32Array;
  readonly child: Int32Array;
  readonly lambda: Float64Array;
  readonly size: Int32Array;
  readonly bornAt: Int32Array;

  constructor(n: number) {
    const cap = 3 * n; // points + clusters: with weights every split can be a true one
    this.relabel = new Int32Array(Math.max(n - 1, 1));
    this.ignore = new Uint8Array(Math.max(n - 1, 1));
    this.queue = new Int32Array(2 * n);
    this.parent = new Int32Array(cap);
    this.child = new Int32Array(cap);
    this.lambda = new Float64Array(cap);
    this.size = new Int32Array(cap);
    this.bornAt = new Int32Array(2 * n);
  }
}

/**
 * @param L, R    children of each merge in breadth-first order (< n: points, >= n: n + merge rank)
 * @param D       merge distances; S samples under each merge
 * @param weight  samples each point stands for (a point row's size)
 */
export function condense(
  L: Int32Array, R: Int32Array, D: Float64Array, S: Int32Array, weight: Int32Array, n: number, m: number,
  work: CondenseWork = new CondenseWork(n),
): Condensed {
  const { relabel, ignore, queue, bornAt } = work;
  const outP = work.parent, outC = work.child, outL = work.lambda, outS = work.size;
  ignore.fill(0);
  relabel[0] = n;
  bornAt[0] = 0;
  let pos = 0;
  let nextLabel = n + 1;
  for (let node = 0; node < n - 1; node++) {
    if (ignore[node]) continue;
    const l = L[node], r = R[node], d = D[node];
    const lam = d > 0 ? 1 / d : Infinity;
    const lc = l >= n ? S[l - n] : weight[l];
    const rc = r >= n ? S[r - n] : weight[r];
    const p = relabel[node];
    if (lc >= m && rc >= m) {
      for (let side = 0; side < 2; side++) {
        const child = side === 0 ? l : r, cnt = side === 0 ? lc : rc;
        outP[pos] = p; outC[pos] = nextLabel; outL[pos] = lam; outS[pos] = cnt; pos++;
        if (child >= n) { relabel[child - n] = nextLabel; bornAt[nextLabel - n] = child - n; }
        else { // a heavy point: a cluster that cannot split, its samples leave at birth (keyed by this split)
          bornAt[nextLabel - n] = node;
          outP[pos] = nextLabel; outC[pos] = child; outL[pos] = lam; outS[pos] = cnt; pos++;
        }
        nextLabel++;
      }
      continue;
    }
    for (let side = 0; side < 2; side++) {
      const child = side === 0 ? l : r;
      const cnt = side === 0 ? lc : rc;
      if (cnt >= m) { // the big side carries the cluster on
        if (child >= n) relabel[child - n] = p;
        else { outP[pos] = p; outC[pos] = child; outL[pos] = lam; outS[pos] = cnt; pos++; } // a heavy point ends it
        continue;
      }
      if (child < n) { outP[pos] = p; outC[pos] = child; outL[pos] = lam; outS[pos] = weight[child]; pos++; continue; }
      // the small side falls out: every point under it leaves at lam, in breadth-first order
      queue[0] = child;
      let qh = 0, qt = 1;
      while (qh < qt) {
        const x = queue[qh++];
        if (x < n) {
          outP[pos] = p; outC[pos] = x; outL[pos] = lam; outS[pos] = weight[x]; pos++;
        } else {
          ignore[x - n] = 1;
          queue[qt] = L[x - n];
          queue[qt + 1] = R[x - n];
          qt += 2;
        }
      }
    }
  }
  return {
    parent: outP.subarray(0, pos), child: outC.subarray(0, pos), lambda: outL.subarray(0, pos),
    size: outS.subarray(0, pos), nClusters: nextLabel - n, bornAt: bornAt.subarray(0, nextLabel - n),
  };
}
