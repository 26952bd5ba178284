// The review queue built in the page: a port of widget/_review.py's
// build_queue (same order, same wire format, decoded by ../review/queue.ts).
import type { Extraction } from "../extract/extractor";

export interface QueueTraits { queue_counts: number[]; queue_sizes: DataView; queue_members: DataView }

/** Flagged samples by score, highest first, ties by index. */
function byScore(flagged: (i: number) => boolean, n: number, scores: Float64Array): number[] {
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (flagged(i)) idx.push(i);
  return idx.sort((a, b) => (scores[b] - scores[a]) || a - b);
}

/** One item per group id: members ascending, items by their smallest member. */
function groupItems(group: Int32Array, nGroups: number): number[][] {
  const lists: number[][] = Array.from({ length: nGroups }, () => []);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) lists[group[i]].push(i);
  return lists.filter((l) => l.length).sort((a, b) => a[0] - b[0]);
}

export function buildQueue(r: Extraction, disagree: Uint8Array | null, reviewRank: Int32Array | null = null): QueueTraits {
  const labels = r.labels, isPotential = r.isPotentialOutlier, s = r.outlierScores; // (getters: read once)
  const n = labels.length;
  const outliers = byScore((i) => labels[i] < 0, n, s);
  const potential = byScore((i) => isPotential[i] === 1, n, s);
  const dups = groupItems(r.duplicateGroup, r.nDuplicateGroups);
  const near = groupItems(r.nearDuplicateGroup, r.nNearDuplicateGroups);
  const dis: number[] = [];
  if (disagree) for (let i = 0; i < n; i++) if (disagree[i]) dis.push(i);
  if (reviewRank) dis.sort((a, b) => reviewRank[a] - reviewRank[b] || a - b); // the kernel's order (label quality)
  const members = Int32Array.from([...outliers, ...potential, ...dups.flat(), ...near.flat(), ...dis]);
  const sizes = Int32Array.from([...dups, ...near].map((g) => g.length));
  return {
    queue_counts: [outliers.length, potential.length, dups.length, near.length, dis.length],
    queue_sizes: new DataView(sizes.buffer), queue_members: new DataView(members.buffer),
  };
}
