// The review queue Python sends (hdbscope/review/_queue.py, sent by widget/_review_panel.py), only while the
// review panel is open. Wire format:
//   queue_counts  - items per category, CATEGORIES order; [] while not sent
//   queue_members - int32, the members of every item, in queue order
//   queue_sizes   - int32, one size per item of the group categories
//                   (GROUP_CATEGORIES: duplicates, then near duplicates)
// Every item of the other categories (outliers, potential outliers, label
// disagreements) has exactly one member, so it costs 4 bytes and no row.
// Navigation skips categories the user switched off, and a rebuilt queue
// (slider moved, item fixed) keeps the cursor on the same item, or on the
// next one that still exists.
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
/** Categories whose items have several members (Python's review/_queue.GROUP_CATEGORIES). */
export const GROUP_CATEGORIES: ReadonlySet<QueueCategory> = new Set(["duplicates", "near_duplicates"]);

const NONE = new Int32Array(0);

export class ReviewQueue {
  readonly length: number;
  /** False while Python has not sent the queue (the panel is closed, or has just opened). */
  readonly loaded: boolean;
  private readonly firstItem: Int32Array; // per category (+ the end): its first item
  private readonly firstMember: Int32Array; // per category: the offset of its first member
  private readonly firstGroup: Int32Array; // per category: its first entry in `sizes`
  private readonly groupStart: Int32Array; // per group item: the offset of its first member
  private readonly byFirst = new Map<number, Int32Array>(); // per category, built when needed: sample -> item

  /**
   * `counts` items per category (CATEGORIES order), `sizes` one per group
   * item, `members` of all items in order. Throws a RangeError if they do
   * not fit together. Without counts: the queue was not sent (`loaded` false).
   */
  constructor(counts: ArrayLike<number> | null, readonly sizes: Int32Array = NONE, readonly members: Int32Array = NONE) {
    this.loaded = counts !== null;
    const k = CATEGORIES.length;
    if (counts !== null && counts.length !== k) throw new RangeError(`queue_counts has ${counts.length} entries, not ${k}`);
    this.firstItem = new Int32Array(k + 1);
    this.firstMember = new Int32Array(k);
    this.firstGroup = new Int32Array(k);
    this.groupStart = new Int32Array(sizes.length);
    let m = 0, g = 0;
    for (let c = 0; c < k; c++) {
      const n = counts === null ? 0 : counts[c];
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`queue_counts[${c}] = ${n}`);
      this.firstItem[c + 1] = this.firstItem[c] + n;
      this.firstMember[c] = m;
      this.firstGroup[c] = g;
      if (!GROUP_CATEGORIES.has(CATEGORIES[c])) { m += n; continue; }
      if (g + n > sizes.length) throw new RangeError(`queue_sizes has ${sizes.length} entries, fewer than the groups`);
      for (let j = 0; j < n; j++, g++) {
        if (sizes[g] < 1) throw new RangeError(`queue_sizes[${g}] = ${sizes[g]}`);
        this.groupStart[g] = m;
        m += sizes[g];
      }
    }
    if (g !== sizes.length || m !== members.length) {
      throw new RangeError(`queue of ${m} members and ${g} groups, but ${members.length} members and ${sizes.length} sizes sent`);
    }
    this.length = this.firstItem[k];
  }

  static empty(): ReviewQueue { return new ReviewQueue(null); }

  /** The three traits as they arrive; an unloaded queue if not sent (or, with a warning, if malformed). */
  static decode(counts: ArrayLike<number> | null | undefined, sizes: Binary, members: Binary): ReviewQueue {
    if (!counts || counts.length === 0) return ReviewQueue.empty();
    try {
      return new ReviewQueue(counts, asInt32(sizes), asInt32(members));
    } catch (e) {
      console.warn(`hdbscope: review queue ignored: ${(e as Error).message}`);
      return ReviewQueue.empty();
    }
  }

  category(q: number): number {
    let c = 0;
    while (c < CATEGORIES.length - 1 && q >= this.firstItem[c + 1]) c++;
    return c;
  }

  private isGroup(c: number): boolean { return GROUP_CATEGORIES.has(CATEGORIES[c]); }

  size(q: number): number {
    const c = this.category(q);
    return this.isGroup(c) ? this.sizes[this.firstGroup[c] + q - this.firstItem[c]] : 1;
  }

  private start(q: number): number {
    const c = this.category(q);
    const j = q - this.firstItem[c];
    return this.isGroup(c) ? this.groupStart[this.firstGroup[c] + j] : this.firstMember[c] + j;
  }

  membersOf(q: number): Int32Array {
    const s = this.start(q);
    return this.members.subarray(s, s + this.size(q));
  }

  /** Identity of an item across rebuilds: its category and first member. */
  key(q: number): string {
    return `${this.category(q)}:${this.members[this.start(q)]}`;
  }

  /** Items per category (CATEGORIES order). */
  counts(): number[] {
    return CATEGORIES.map((_, c) => this.firstItem[c + 1] - this.firstItem[c]);
  }

  /** First item containing sample i (in an enabled category), or -1. */
  findSample(i: number, enabled: (cat: number) => boolean = () => true): number {
    for (let c = 0; c < CATEGORIES.length; c++) {
      const n = this.firstItem[c + 1] - this.firstItem[c];
      if (n === 0 || !enabled(c)) continue;
      const from = this.firstMember[c];
      const to = c + 1 < CATEGORIES.length ? this.firstMember[c + 1] : this.members.length;
      for (let k = from; k < to; k++) {
        if (this.members[k] !== i) continue;
        if (!this.isGroup(c)) return this.firstItem[c] + k - from;
        return this.firstItem[c] + lastAtOrBefore(this.groupStart, this.firstGroup[c], this.firstGroup[c] + n, k) - this.firstGroup[c];
      }
    }
    return -1;
  }

  /** The item of category `cat` whose first member is sample `first`, or -1 (what `key` identifies). */
  itemStartingWith(cat: number, first: number): number {
    let lookup = this.byFirst.get(cat);
    if (!lookup) { // typed, not a Map of strings: a queue can hold a million items
      const lo = this.firstItem[cat], hi = this.firstItem[cat + 1];
      let top = -1;
      for (let q = lo; q < hi; q++) top = Math.max(top, this.members[this.start(q)]);
      lookup = new Int32Array(top + 1).fill(-1);
      for (let q = hi - 1; q >= lo; q--) lookup[this.members[this.start(q)]] = q;
      this.byFirst.set(cat, lookup);
    }
    return first >= 0 && first < lookup.length ? lookup[first] : -1;
  }

  /** Same items in the same order (what a re-sent, unchanged queue is). */
  sameAs(other: ReviewQueue): boolean {
    return this.loaded === other.loaded && sameInts(this.firstItem, other.firstItem) &&
      sameInts(this.sizes, other.sizes) && sameInts(this.members, other.members);
  }
}

/** The last j in [lo, hi) with starts[j] <= k (starts ascending, starts[lo] <= k). */
function lastAtOrBefore(starts: Int32Array, lo: number, hi: number, k: number): number {
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= k) lo = mid; else hi = mid;
  }
  return lo;
}

function sameInts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
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
  const find = (q: number): number => {
    const c = old.category(q);
    return enabled(c) ? next.itemStartingWith(c, old.membersOf(q)[0]) : -1;
  };
  for (let q = pos; q < old.length; q++) {
    const hit = find(q);
    if (hit >= 0) return hit;
  }
  for (let q = pos - 1; q >= 0; q--) {
    const hit = find(q);
    if (hit >= 0) return hit;
  }
  return step(next, -1, 1, enabled);
}
