// Cluster colours that stay put while the sliders move: each new cluster takes
// the colour "slot" of the old cluster it overlaps most (greedy, largest
// overlap first); clusters with no surviving match get the lowest free slots.

export type RGB = [number, number, number];

/**
 * 20 distinct hues (Tableau 10 minus its orange and grey, then 12 more);
 * slot k uses PALETTE[k % 20]. No grey (noise), no magenta and no orange:
 * those mark noise, exact duplicates and near duplicates.
 */
export const PALETTE: RGB[] = [
  "#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
  "#edc948", "#9c755f", "#ff9da7", "#17becf", "#1f3f8f",
  "#bcbd22", "#8c2d04", "#6a3d9a", "#00a087", "#a6d854",
  "#7f9f2f", "#3c5488", "#8da0cb", "#5b8a72", "#d4a6c8",
].map(hexToRgb);

export function hexToRgb(hex: string): RGB {
  const h = hex.replace("#", "");
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function slotColor(slot: number): RGB {
  return PALETTE[((slot % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

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

// Overlap counts go in a dense (new id x old id) table while it has at most this many cells
// (16 MB); past it (thousands of clusters on both sides) they are counted per new cluster.
const MAX_TABLE_CELLS = 1 << 22;

/**
 * Colour slot of every cluster in `labels`, keeping the slots of `prevSlots`
 * (indexed by the cluster ids of `prevLabels`) where clusters overlap.
 * One pass over the points, no hash maps: see overlaps().
 */
export function matchColors(
  prevLabels: Int32Array | null, prevSlots: Int32Array | null, labels: Int32Array,
): Int32Array {
  return matchClusters(prevLabels, prevSlots, labels).slots;
}

/**
 * matchColors, plus the size of every cluster (clusterSizes(labels)), which the
 * matching counts anyway.
 */
export function matchClusters(
  prevLabels: Int32Array | null, prevSlots: Int32Array | null, labels: Int32Array,
): { slots: Int32Array; sizes: Int32Array } {
  const canMatch = prevLabels !== null && prevSlots !== null && prevLabels.length === labels.length;
  // Without a previous result, count against zero old clusters: that gives the sizes alone.
  const ov = overlaps(canMatch ? prevLabels! : labels, labels, canMatch ? prevSlots!.length : 0);
  const { sizes, pairs } = ov;
  const k = sizes.length;
  const slots = new Int32Array(k).fill(-1);
  // Slot values in use. Every value below the next free slot is in use, and fewer than k are
  // while a cluster still waits for one, so the search stays below k: larger slots need no mark.
  const used = new Uint8Array(k);
  if (canMatch) {
    const takenOld = new Uint8Array(prevSlots!.length);
    for (let p = 0; p < pairs.length; p++) {
      const a = pairs.a[p], b = pairs.b[p];
      if (slots[a] !== -1 || takenOld[b]) continue;
      const s = prevSlots![b];
      slots[a] = s;
      takenOld[b] = 1;
      if (s >= 0 && s < k) used[s] = 1;
    }
  }
  // Unmatched clusters, largest first, take the lowest free slots.
  let next = 0;
  for (const a of bySizeDesc(sizes)) {
    if (slots[a] !== -1) continue;
    while (used[next]) next++;
    slots[a] = next;
    used[next] = 1;
  }
  return { slots, sizes };
}

/**
 * [overlap, newId, oldId] for every pair sharing points (newId < k, oldId < kOld), largest
 * overlap first, then by newId, then oldId. `maxTableCells` as in overlaps() (tests pass 0).
 */
export function overlapPairs(
  prevLabels: Int32Array, labels: Int32Array, k: number, kOld: number, maxTableCells = MAX_TABLE_CELLS,
): Array<[number, number, number]> {
  // Labels >= k take no part: count them as noise.
  const clipped = labels.map((l) => (l < k ? l : -1));
  const { pairs } = overlaps(prevLabels, clipped, kOld, maxTableCells);
  return Array.from({ length: pairs.length }, (_, p): [number, number, number] => [pairs.ov[p], pairs.a[p], pairs.b[p]]);
}

/** Pairs as parallel arrays: overlap, new id, old id. */
interface Pairs { length: number; ov: Int32Array; a: Int32Array; b: Int32Array }

function newPairs(m: number): Pairs {
  return { length: m, ov: new Int32Array(m), a: new Int32Array(m), b: new Int32Array(m) };
}

// The hot loops below sit in small functions of their own: V8 optimises a loop in the
// middle of a long function by on-stack replacement, then throws that code away when
// it reaches the code after the loop that has never run (several times per call).

/**
 * Sizes of the clusters of `labels` (its length is the number of clusters, max label + 1)
 * and the points each shares with each old cluster 0..kOld-1 of `prevLabels`, sorted by
 * overlap descending, then new id, then old id. O(N + K * kOld + pairs) with the table,
 * O(N + K + pairs log pairs) without.
 */
function overlaps(prevLabels: Int32Array, labels: Int32Array, kOld: number, maxCells = MAX_TABLE_CELLS): { sizes: Int32Array; pairs: Pairs } {
  if (prevLabels.length !== labels.length) {
    throw new RangeError(`labels differ in length: ${prevLabels.length} and ${labels.length}`);
  }
  const counted = overlapTable(prevLabels, labels, kOld, maxCells) ?? overlapBuckets(prevLabels, labels, kOld);
  return { sizes: counted.sizes, pairs: sortPairs(counted.pairs) };
}

/**
 * Cell (a, b) of a table counts the points in new cluster a and old cluster b; column
 * kOld counts those that were noise, so a row sums to a's size. One pass over the points,
 * adding rows as larger ids turn up. Null if the table would pass `maxCells`.
 */
function overlapTable(prevLabels: Int32Array, labels: Int32Array, kOld: number, maxCells: number): { sizes: Int32Array; pairs: Pairs } | null {
  const w = kOld + 1, n = labels.length, maxRows = Math.floor(maxCells / w);
  let rows = Math.min(Math.max(kOld + 1, 64), maxRows);
  if (rows < 1) return null;
  let table = new Int32Array(rows * w);
  for (let i = tally(table, w, kOld, rows, prevLabels, labels, 0); i < n; i = tally(table, w, kOld, rows, prevLabels, labels, i)) {
    const more = Math.max(labels[i] + 1, Math.min(2 * rows, maxRows));
    if (more > maxRows) return null;
    const t = new Int32Array(more * w);
    t.set(table);
    table = t;
    rows = more;
  }
  return readTable(table, w, kOld, rows);
}

/** Counts points from `from` on into the table; stops at the first id past its rows (returns its index) or at the end (n). */
function tally(table: Int32Array, w: number, kOld: number, rows: number, prevLabels: Int32Array, labels: Int32Array, from: number): number {
  const n = labels.length;
  for (let i = from; i < n; i++) {
    const a = labels[i];
    if ((a >>> 0) >= rows) { // noise, or an id past the table
      if (a < 0) continue;
      return i;
    }
    const b = prevLabels[i];
    table[a * w + ((b >>> 0) < kOld ? b : kOld)]++; // old noise (or an id >= kOld) in column kOld
  }
  return n;
}

/** Row sums (up to the last non-empty row) and the non-zero cells, in (new id, old id) order. */
function readTable(table: Int32Array, w: number, kOld: number, rows: number): { sizes: Int32Array; pairs: Pairs } {
  let m = 0, k = 0;
  const sizes = new Int32Array(rows);
  for (let a = 0, o = 0; a < rows; a++, o += w) {
    let size = table[o + kOld];
    for (let b = 0; b < kOld; b++) {
      const c = table[o + b];
      if (c !== 0) { size += c; m++; }
    }
    sizes[a] = size;
    if (size > 0) k = a + 1;
  }
  const pairs = newPairs(m);
  for (let a = 0, o = 0, j = 0; a < k; a++, o += w) {
    for (let b = 0; b < kOld; b++) {
      const c = table[o + b];
      if (c !== 0) { pairs.ov[j] = c; pairs.a[j] = a; pairs.b[j] = b; j++; }
    }
  }
  return { sizes: sizes.slice(0, k), pairs };
}

/**
 * For any number of clusters: the points' old labels bucketed by new cluster (counting
 * sort), then each bucket counts its old labels in a dense scratch array.
 */
function overlapBuckets(prevLabels: Int32Array, labels: Int32Array, kOld: number): { sizes: Int32Array; pairs: Pairs } {
  const k = countClusters(labels);
  const sizes = clusterSizes(labels, k);
  const start = new Int32Array(k + 1);
  for (let a = 0; a < k; a++) start[a + 1] = start[a] + sizes[a];
  const olds = bucketOldLabels(prevLabels, labels, start); // old label of each point, grouped by new label
  const counts = new Int32Array(kOld);
  const touched = new Int32Array(kOld);
  let cap = 1024, m = 0;
  let pairs = newPairs(cap);
  for (let a = 0; a < k; a++) {
    let t = 0;
    for (let j = start[a]; j < start[a + 1]; j++) {
      const b = olds[j];
      if ((b >>> 0) >= kOld) continue;
      if (counts[b]++ === 0) touched[t++] = b;
    }
    if (m + t > cap) {
      while (m + t > cap) cap *= 2;
      const grown = newPairs(cap);
      grown.ov.set(pairs.ov); grown.a.set(pairs.a); grown.b.set(pairs.b);
      pairs = grown;
    }
    const bs = touched.subarray(0, t).sort();
    for (let j = 0; j < t; j++, m++) {
      pairs.ov[m] = counts[bs[j]]; pairs.a[m] = a; pairs.b[m] = bs[j];
      counts[bs[j]] = 0;
    }
  }
  pairs.length = m;
  return { sizes, pairs };
}

function bucketOldLabels(prevLabels: Int32Array, labels: Int32Array, start: Int32Array): Int32Array {
  const k = start.length - 1;
  const fill = start.slice(0, k);
  const olds = new Int32Array(start[k]);
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i];
    if (a >= 0) olds[fill[a]++] = prevLabels[i];
  }
  return olds;
}

/** Pairs (listed in new id, old id order) re-ordered by overlap descending, ties kept in that order. */
function sortPairs(p: Pairs): Pairs {
  const m = p.length;
  const order = byOverlapDesc(p.ov, m);
  const out = newPairs(m);
  for (let j = 0; j < m; j++) {
    const q = order[j];
    out.ov[j] = p.ov[q]; out.a[j] = p.a[q]; out.b[j] = p.b[q];
  }
  return out;
}

/**
 * Positions 0..m-1 ordered by ov descending, equal ones in position order: a stable
 * radix sort, 11 bits per pass (most pairs overlap by a few points, so a comparison
 * sort spends its time on ties).
 */
function byOverlapDesc(ov: Int32Array, m: number): Int32Array {
  let max = 0, min = 0x7fffffff;
  for (let j = 0; j < m; j++) { if (ov[j] > max) max = ov[j]; if (ov[j] < min) min = ov[j]; }
  let order = new Int32Array(m), tmp = new Int32Array(m);
  for (let j = 0; j < m; j++) order[j] = j;
  const range = max - min; // key of a pair: max - ov, 0 for the largest overlap
  const count = new Int32Array(2048);
  for (let shift = 0; shift < 32 && (range >>> shift) !== 0; shift += 11) {
    count.fill(0);
    for (let j = 0; j < m; j++) count[((max - ov[order[j]]) >>> shift) & 2047]++;
    for (let d = 0, sum = 0; d < 2048; d++) { const c = count[d]; count[d] = sum; sum += c; }
    for (let j = 0; j < m; j++) { const q = order[j]; tmp[count[((max - ov[q]) >>> shift) & 2047]++] = q; }
    const t = order; order = tmp; tmp = t;
  }
  return order;
}

// PALETTE as bytes, r g b per slot, for filling the colour table without allocating.
const PALETTE_BYTES = Uint8Array.from(PALETTE.flat());

/**
 * RGBA8 texture data for the point shader: texel c is the colour of cluster c
 * (alpha 0 if its slot is hidden). `width` texels per row.
 */
export function colorTable(slots: Int32Array, hiddenSlots: ReadonlySet<number>, width: number): { rgba: Uint8Array; rows: number } {
  const rows = Math.max(1, Math.ceil(slots.length / width));
  const rgba = new Uint8Array(rows * width * 4);
  const np = PALETTE.length;
  const anyHidden = hiddenSlots.size > 0;
  for (let c = 0, o = 0; c < slots.length; c++, o += 4) {
    const s = slots[c];
    const p = 3 * (((s % np) + np) % np);
    rgba[o] = PALETTE_BYTES[p];
    rgba[o + 1] = PALETTE_BYTES[p + 1];
    rgba[o + 2] = PALETTE_BYTES[p + 2];
    rgba[o + 3] = anyHidden && hiddenSlots.has(s) ? 0 : 255;
  }
  return { rgba, rows };
}
