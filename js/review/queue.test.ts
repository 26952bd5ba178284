import { describe, expect, it } from "vitest";
import { CATEGORIES, ReviewQueue, relocate, step } from "./queue";

// items: [category, start, count]; members index into one array
function queue(items: Array<[number, number[]]>): ReviewQueue {
  const flat: number[] = [], members: number[] = [];
  for (const [cat, m] of items) { flat.push(cat, members.length, m.length); members.push(...m); }
  return new ReviewQueue(Int32Array.from(flat), Int32Array.from(members));
}

const all = () => true;

describe("ReviewQueue", () => {
  const q = queue([[0, [50]], [0, [6]], [2, [24, 79]], [4, [3]]]);
  it("decodes items and members", () => {
    expect(q.length).toBe(4);
    expect(Array.from(q.membersOf(2))).toEqual([24, 79]);
    expect(q.category(3)).toBe(CATEGORIES.indexOf("label_disagreements"));
    expect(q.key(2)).toBe("2:24");
    expect(q.counts()).toEqual([2, 0, 1, 0, 1]);
  });
  it("decodes the bytes Python sends", () => {
    const items = new Int32Array([0, 0, 1, 2, 1, 2]), members = new Int32Array([7, 8, 9]);
    const d = ReviewQueue.decode(new DataView(items.buffer), new DataView(members.buffer));
    expect(d.length).toBe(2);
    expect(Array.from(d.membersOf(1))).toEqual([8, 9]);
  });
  it("finds the item holding a sample", () => {
    expect(q.findSample(79)).toBe(2);
    expect(q.findSample(79, (c) => c !== 2)).toBe(-1);
    expect(q.findSample(1234)).toBe(-1);
  });
});

describe("step", () => {
  const q = queue([[0, [1]], [1, [2]], [0, [3]], [3, [4, 5]]]);
  it("moves forwards and backwards and wraps around", () => {
    expect(step(q, -1, 1, all)).toBe(0);
    expect(step(q, -1, -1, all)).toBe(3);
    expect(step(q, 0, 1, all)).toBe(1);
    expect(step(q, 3, 1, all)).toBe(0);
    expect(step(q, 0, -1, all)).toBe(3);
  });
  it("skips categories that are switched off", () => {
    const onlyOutliers = (c: number) => c === 0;
    expect(step(q, 0, 1, onlyOutliers)).toBe(2);
    expect(step(q, 2, 1, onlyOutliers)).toBe(0);
    expect(step(q, -1, -1, onlyOutliers)).toBe(2);
    expect(step(q, 0, 1, () => false)).toBe(-1);
    expect(step(queue([]), -1, 1, all)).toBe(-1);
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
});
