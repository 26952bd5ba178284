import { describe, expect, it } from "vitest";
import { CATEGORIES, GROUP_CATEGORIES, ReviewQueue, relocate, step } from "./queue";

const DUP = CATEGORIES.indexOf("duplicates"), NEAR = CATEGORIES.indexOf("near_duplicates");

/** Items ([category, members], in category order) in the wire format Python sends. */
function wire(items: Array<[number, number[]]>): { counts: number[]; sizes: Int32Array; members: Int32Array } {
  const counts = CATEGORIES.map(() => 0), sizes: number[] = [], members: number[] = [];
  let last = 0;
  for (const [cat, m] of items) {
    if (cat < last) throw new Error("items must come in category order, as Python sends them");
    last = cat;
    counts[cat]++;
    if (GROUP_CATEGORIES.has(CATEGORIES[cat])) sizes.push(m.length);
    else if (m.length !== 1) throw new Error("a single has one member");
    members.push(...m);
  }
  return { counts, sizes: Int32Array.from(sizes), members: Int32Array.from(members) };
}

function queue(items: Array<[number, number[]]>): ReviewQueue {
  const { counts, sizes, members } = wire(items);
  return new ReviewQueue(counts, sizes, members);
}

/** Everything the panel reads, item by item. */
function read(q: ReviewQueue): Array<[number, number[], number, string]> {
  return Array.from({ length: q.length }, (_, k) => [q.category(k), Array.from(q.membersOf(k)), q.size(k), q.key(k)]);
}

const all = () => true;

describe("ReviewQueue", () => {
  const q = queue([[0, [50]], [0, [6]], [2, [24, 79]], [4, [3]]]);
  it("decodes items and members", () => {
    expect(q.length).toBe(4);
    expect(q.loaded).toBe(true);
    expect(Array.from(q.membersOf(2))).toEqual([24, 79]);
    expect(q.category(3)).toBe(CATEGORIES.indexOf("label_disagreements"));
    expect(q.key(2)).toBe("2:24");
    expect(q.counts()).toEqual([2, 0, 1, 0, 1]);
    expect(read(q)).toEqual([[0, [50], 1, "0:50"], [0, [6], 1, "0:6"], [2, [24, 79], 2, "2:24"], [4, [3], 1, "4:3"]]);
  });
  it("decodes the bytes Python sends: singles have no size, groups one each", () => {
    // 2 outliers, 1 potential outlier, a duplicate pair, a near-duplicate triple, 1 disagreement
    const sizes = new Int32Array([2, 3]), members = new Int32Array([7, 8, 9, 1, 2, 4, 5, 6, 30]);
    const d = ReviewQueue.decode([2, 1, 1, 1, 1], new DataView(sizes.buffer), new DataView(members.buffer));
    expect(read(d)).toEqual([
      [0, [7], 1, "0:7"], [0, [8], 1, "0:8"], [1, [9], 1, "1:9"],
      [DUP, [1, 2], 2, "2:1"], [NEAR, [4, 5, 6], 3, "3:4"], [4, [30], 1, "4:30"]]);
    expect(d.counts()).toEqual([2, 1, 1, 1, 1]);
  });
  it("decodes empty categories anywhere, and a queue of groups only", () => {
    const groups = queue([[DUP, [3, 9]], [DUP, [4, 5, 6]], [NEAR, [1, 2]]]);
    expect(groups.counts()).toEqual([0, 0, 2, 1, 0]);
    expect(read(groups)).toEqual([[DUP, [3, 9], 2, "2:3"], [DUP, [4, 5, 6], 3, "2:4"], [NEAR, [1, 2], 2, "3:1"]]);
    const ends = queue([[1, [8]], [NEAR, [2, 3]]]); // no outliers, no duplicates, no disagreements
    expect(read(ends)).toEqual([[1, [8], 1, "1:8"], [NEAR, [2, 3], 2, "3:2"]]);
    const singles = queue([[4, [1]], [4, [0]]]);
    expect(read(singles)).toEqual([[4, [1], 1, "4:1"], [4, [0], 1, "4:0"]]);
    const nothing = ReviewQueue.decode([0, 0, 0, 0, 0], null, new Int32Array(0));
    expect(nothing.loaded).toBe(true);
    expect(nothing.length).toBe(0);
    expect(nothing.counts()).toEqual([0, 0, 0, 0, 0]);
  });
  it("is not loaded while Python has not sent it, or if it is malformed", () => {
    for (const counts of [[], null, undefined]) {
      const q0 = ReviewQueue.decode(counts, new Int32Array(0), new Int32Array(0));
      expect(q0.loaded).toBe(false);
      expect(q0.length).toBe(0);
    }
    const warn = console.warn;
    const warned: string[] = [];
    console.warn = (m: string) => { warned.push(m); };
    try {
      const bad = [
        ReviewQueue.decode([1, 0, 0, 0, 0], null, new Int32Array([1, 2])), // a member too many
        ReviewQueue.decode([0, 0, 1, 0, 0], new Int32Array([3]), new Int32Array([1, 2])), // group larger than sent
        ReviewQueue.decode([0, 0, 1, 0, 0], new Int32Array(0), new Int32Array([1, 2])), // no size for the group
        ReviewQueue.decode([1, 0, 0, 0], null, new Int32Array([1])), // four categories
      ];
      expect(bad.map((b) => b.loaded)).toEqual([false, false, false, false]);
      expect(warned.length).toBe(4);
    } finally {
      console.warn = warn;
    }
  });
  it("finds the item holding a sample", () => {
    expect(q.findSample(79)).toBe(2);
    expect(q.findSample(79, (c) => c !== 2)).toBe(-1);
    expect(q.findSample(1234)).toBe(-1);
    expect(q.findSample(3)).toBe(3);
    const g = queue([[0, [5]], [DUP, [1, 2]], [DUP, [3, 4, 6]], [NEAR, [7, 8]], [4, [6]]]);
    expect(g.findSample(6)).toBe(2);
    expect(g.findSample(6, (c) => c !== DUP)).toBe(4);
    expect(g.findSample(8)).toBe(3);
    expect(g.findSample(5)).toBe(0);
  });
  it("tells an unchanged queue from a changed one", () => {
    expect(queue([[0, [1]], [DUP, [2, 3]]]).sameAs(queue([[0, [1]], [DUP, [2, 3]]]))).toBe(true);
    expect(queue([[0, [1]], [DUP, [2, 3]]]).sameAs(queue([[1, [1]], [DUP, [2, 3]]]))).toBe(false);
    expect(queue([[DUP, [1, 2, 3]], [DUP, [4, 5]]]).sameAs(queue([[DUP, [1, 2]], [DUP, [3, 4, 5]]]))).toBe(false);
    expect(ReviewQueue.empty().sameAs(queue([]))).toBe(false); // not sent vs. nothing flagged
  });
});

describe("step", () => {
  const q = queue([[0, [1]], [0, [3]], [1, [2]], [3, [4, 5]]]);
  it("moves forwards and backwards and wraps around", () => {
    expect(step(q, -1, 1, all)).toBe(0);
    expect(step(q, -1, -1, all)).toBe(3);
    expect(step(q, 0, 1, all)).toBe(1);
    expect(step(q, 3, 1, all)).toBe(0);
    expect(step(q, 0, -1, all)).toBe(3);
  });
  it("skips categories that are switched off", () => {
    const onlyOutliers = (c: number) => c === 0;
    expect(step(q, 0, 1, onlyOutliers)).toBe(1);
    expect(step(q, 1, 1, onlyOutliers)).toBe(0);
    expect(step(q, -1, -1, onlyOutliers)).toBe(1);
    expect(step(q, 1, 1, (c) => c === 3)).toBe(3);
    expect(step(q, 0, 1, () => false)).toBe(-1);
    expect(step(queue([]), -1, 1, all)).toBe(-1);
    expect(step(ReviewQueue.empty(), -1, 1, all)).toBe(-1);
  });
});

describe("relocate", () => {
  const old = queue([[0, [1]], [4, [7]], [4, [8]], [4, [9]]]);
  it("keeps the same item when it survives (even if it moved)", () => {
    const next = queue([[0, [2]], [0, [1]], [4, [7]], [4, [8]], [4, [9]]]);
    expect(relocate(old, 2, next, all)).toBe(3);
  });
  it("goes to the next surviving item when the current one was fixed", () => {
    const next = queue([[0, [1]], [4, [7]], [4, [9]]]); // 8's disagreement was relabelled away
    expect(relocate(old, 2, next, all)).toBe(2);
  });
  it("falls back to the nearest earlier item at the end", () => {
    const next = queue([[0, [1]], [4, [7]]]);
    expect(relocate(old, 3, next, all)).toBe(1);
  });
  it("ignores items in switched-off categories and handles no cursor", () => {
    const next = queue([[0, [1]], [4, [7]], [4, [8]]]);
    expect(relocate(old, 1, next, (c) => c === 0)).toBe(0);
    expect(relocate(old, -1, next, all)).toBe(-1);
    expect(relocate(old, 1, queue([]), all)).toBe(-1);
  });
  it("finds a group again by its first member", () => {
    const before = queue([[DUP, [2, 3]], [NEAR, [5, 6]]]);
    const after = queue([[0, [9]], [DUP, [2, 3, 4]], [NEAR, [5, 6]]]); // the pair grew into a triple
    expect([after.itemStartingWith(DUP, 2), after.itemStartingWith(DUP, 3), after.itemStartingWith(0, 9)]).toEqual([1, -1, 0]);
    expect([after.itemStartingWith(NEAR, 99), after.itemStartingWith(4, 9)]).toEqual([-1, -1]);
    expect(relocate(before, 0, after, all)).toBe(1);
    expect(relocate(before, 1, after, all)).toBe(2);
  });
});
