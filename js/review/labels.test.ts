import { describe, expect, it } from "vitest";
import { labelName, labelSlots, quickLabels, Choice } from "./labels";

describe("labels", () => {
  it("keys 1-9 take the nine most frequent labels, in Python's order", () => {
    const choices: Choice[] = Array.from({ length: 12 }, (_, k) => [k, `L${k}`, 100 - k] as Choice);
    expect(quickLabels(choices).map((c) => c[1])).toEqual(["L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"]);
    expect(quickLabels(choices.slice(0, 2))).toHaveLength(2);
  });
  it("the label the neighbours suggest is key 1, the others follow by frequency", () => {
    const choices: Choice[] = Array.from({ length: 12 }, (_, k) => [k, `L${k}`, 100 - k] as Choice);
    const q = quickLabels(choices, 9, [7, "L7", 93]);
    expect(q.map((c) => c[1])).toEqual(["L7", "L0", "L1", "L2", "L3", "L4", "L5", "L6", "L8"]);
    expect(quickLabels(choices, 9, [40, "new", 0]).map((c) => c[0])).toEqual([40, 0, 1, 2, 3, 4, 5, 6, 7]);
    expect(quickLabels([], 9, [3, "x", 1])).toEqual([[3, "x", 1]]);
  });
  it("a label code keeps its own colour slot", () => {
    expect(Array.from(labelSlots(Int32Array.from([3, -1, 0, 3])))).toEqual([0, 1, 2, 3]);
    expect(labelSlots(Int32Array.from([-1, -1])).length).toBe(0);
  });
  it("names codes from the names Python sent", () => {
    const names = { "0": "cat", "12": "<img src=x>" };
    expect(labelName(names, 0)).toBe("cat");
    expect(labelName(names, 12)).toBe("<img src=x>");
    expect(labelName(names, 5)).toBe("label #5");
    expect(labelName(names, -1)).toBe("(no label)");
  });
});
