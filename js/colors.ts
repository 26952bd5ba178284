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
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max + 1;
}

export function clusterSizes(labels: Int32Array, k = countClusters(labels)): Int32Array {
  const sizes = new Int32Array(k);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (l >= 0 && l < k) sizes[l]++;
  }
  return sizes;
}

/** Cluster ids ordered by size (largest first), ties by id. */
export function bySizeDesc(sizes: Int32Array): number[] {
  const ids = Array.from({ length: sizes.length }, (_, i) => i);
  ids.sort((a, b) => sizes[b] - sizes[a] || a - b);
  return ids;
}

/**
 * Colour slot of every cluster in `labels`, keeping the slots of `prevSlots`
 * (indexed by the cluster ids of `prevLabels`) where clusters overlap.
 * Runs in O(N + K + pairs log pairs) with no hash maps: points are bucketed by
 * new cluster, then each bucket counts its old labels in a dense scratch array.
 */
export function matchColors(
  prevLabels: Int32Array | null, prevSlots: Int32Array | null, labels: Int32Array,
): Int32Array {
  const k = countClusters(labels);
  const sizes = clusterSizes(labels, k);
  const slots = new Int32Array(k).fill(-1);
  const canMatch = prevLabels !== null && prevSlots !== null && prevLabels.length === labels.length;
  const used = new Set<number>();

  if (canMatch) {
    const pairs = overlapPairs(prevLabels!, labels, k, prevSlots!.length);
    const takenOld = new Uint8Array(prevSlots!.length);
    for (const [, a, b] of pairs) {
      if (slots[a] !== -1 || takenOld[b]) continue;
      slots[a] = prevSlots![b];
      takenOld[b] = 1;
      used.add(slots[a]);
    }
  }
  // Unmatched clusters, largest first, take the lowest free slots.
  let next = 0;
  for (const a of bySizeDesc(sizes)) {
    if (slots[a] !== -1) continue;
    while (used.has(next)) next++;
    slots[a] = next;
    used.add(next);
  }
  return slots;
}

/** [overlap, newId, oldId] for every pair sharing points, largest overlap first. */
export function overlapPairs(
  prevLabels: Int32Array, labels: Int32Array, k: number, kOld: number,
): Array<[number, number, number]> {
  const n = labels.length;
  // Counting sort of the points by new cluster id.
  const start = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) if (labels[i] >= 0 && labels[i] < k) start[labels[i] + 1]++;
  for (let a = 0; a < k; a++) start[a + 1] += start[a];
  const fill = start.slice(0, k);
  const order = new Int32Array(start[k]);
  for (let i = 0; i < n; i++) {
    const a = labels[i];
    if (a >= 0 && a < k) order[fill[a]++] = i;
  }
  const counts = new Int32Array(kOld);
  const touched: number[] = [];
  const pairs: Array<[number, number, number]> = [];
  for (let a = 0; a < k; a++) {
    for (let j = start[a]; j < start[a + 1]; j++) {
      const b = prevLabels[order[j]];
      if (b < 0 || b >= kOld) continue;
      if (counts[b]++ === 0) touched.push(b);
    }
    for (const b of touched) {
      pairs.push([counts[b], a, b]);
      counts[b] = 0;
    }
    touched.length = 0;
  }
  pairs.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  return pairs;
}

/**
 * RGBA8 texture data for the point shader: texel c is the colour of cluster c
 * (alpha 0 if its slot is hidden). `width` texels per row.
 */
export function colorTable(slots: Int32Array, hiddenSlots: ReadonlySet<number>, width: number): { rgba: Uint8Array; rows: number } {
  const rows = Math.max(1, Math.ceil(slots.length / width));
  const rgba = new Uint8Array(rows * width * 4);
  for (let c = 0; c < slots.length; c++) {
    const [r, g, b] = slotColor(slots[c]);
    rgba.set([r, g, b, hiddenSlots.has(slots[c]) ? 0 : 255], 4 * c);
  }
  return { rgba, rows };
}
