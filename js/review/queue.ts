// The review queue Python sends (hdbscope/widget/_review.py): items of
// (category, start, count) into a members array. Navigation skips categories
// the user switched off, and a rebuilt queue (slider moved, item fixed) keeps
// the cursor on the same item, or on the next one that still exists.
import { asInt32, Binary } from "../buffers";

/** Same order and words as Python's _edits.CATEGORIES. */
export const CATEGORIES = ["outliers", "potential_outliers", "duplicates", "near_duplicates", "label_disagreements"] as const;
export type QueueCategory = typeof CATEGORIES[number];
export const CATEGORY_TEXT: Record<QueueCategory, string> = {
  outliers: "outlier",
  potential_outliers: "potential outlier",
  duplicates: "exact-duplicate group",
  near_duplicates: "near-duplicate group",
  label_disagreements: "label disagreement",
};

export class ReviewQueue {
  readonly length: number;
  constructor(readonly items: Int32Array, readonly members: Int32Array) {
    this.length = Math.floor(items.length / 3);
  }

  static decode(items: Binary, members: Binary): ReviewQueue {
    return new ReviewQueue(asInt32(items), asInt32(members));
  }

  category(q: number): number { return this.items[3 * q]; }
  size(q: number): number { return this.items[3 * q + 2]; }

  membersOf(q: number): Int32Array {
    const start = this.items[3 * q + 1];
    return this.members.subarray(start, start + this.items[3 * q + 2]);
  }

  /** Identity of an item across rebuilds: its category and first member. */
  key(q: number): string {
    return `${this.category(q)}:${this.members[this.items[3 * q + 1]]}`;
  }

  counts(): number[] {
    const c = CATEGORIES.map(() => 0);
    for (let q = 0; q < this.length; q++) c[this.category(q)]++;
    return c;
  }

  /** First item containing sample i (in an enabled category), or -1. */
  findSample(i: number, enabled: (cat: number) => boolean = () => true): number {
    for (let q = 0; q < this.length; q++) {
      if (!enabled(this.category(q))) continue;
      const m = this.membersOf(q);
      for (let k = 0; k < m.length; k++) if (m[k] === i) return q;
    }
    return -1;
  }
}

/**
 * The next (step +1) or previous (-1) item in an enabled category, from `from`
 * (-1 = before the first). Wraps around; -1 if no item is enabled.
 */
export function step(queue: ReviewQueue, from: number, dir: 1 | -1, enabled: (cat: number) => boolean): number {
  const n = queue.length;
  if (n === 0) return -1;
  let q = from < 0 ? (dir === 1 ? -1 : n) : from;
  for (let k = 0; k < n; k++) {
    q = (q + dir + n) % n;
    if (enabled(queue.category(q))) return q;
  }
  return -1;
}

/**
 * Where the cursor goes in a rebuilt queue: the same item if it still exists,
 * else the first of the items after it (in the old order) that still exists,
 * else the nearest before it; -1 if none (or if there was no cursor).
 */
export function relocate(old: ReviewQueue, pos: number, next: ReviewQueue, enabled: (cat: number) => boolean): number {
  if (pos < 0 || pos >= old.length) return -1;
  const where = new Map<string, number>();
  for (let q = 0; q < next.length; q++) if (enabled(next.category(q))) where.set(next.key(q), q);
  for (let q = pos; q < old.length; q++) {
    const hit = where.get(old.key(q));
    if (hit !== undefined) return hit;
  }
  for (let q = pos - 1; q >= 0; q--) {
    const hit = where.get(old.key(q));
    if (hit !== undefined) return hit;
  }
  return step(next, -1, 1, enabled);
}
