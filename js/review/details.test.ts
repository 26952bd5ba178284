import { describe, expect, it } from "vitest";
import { detailRows } from "./details";
import type { ReviewCard, ReviewReply } from "../model/messages";

const card = (index: number, cluster: number): ReviewCard => ({
  index, cluster, label: "a", current_label: "a", relabelled: false, decision: "", outlier_score: 0.12345, image: -1,
});
const reply = (r: Partial<ReviewReply>): ReviewReply => ({
  type: "review", id: 1, seq: 1, members: [card(3, 2)], n_members: 1, neighbors: [], majority: null, ...r,
});

describe("detailRows", () => {
  it("names the cluster, its majority label and purity", () => {
    const rows = detailRows(reply({ majority: { cluster: 2, label: "<b>cat</b>", purity: 0.876 } }));
    expect(rows).toEqual([
      ["cluster", "2"], ["cluster 2 majority label", "<b>cat</b> (88% of its labels)"], ["outlier score", "0.123"],
    ]);
  });
  it("says when noise has no majority, and when a group is larger than shown", () => {
    const rows = detailRows(reply({ members: [card(1, -1), card(2, -1)], n_members: 40, error: "thumbnail of 2 failed" }));
    expect(rows).toEqual([
      ["cluster", "noise (-1)"], ["majority label", "noise has no cluster"], ["outlier score", "0.123"],
      ["members", "2 of 40 shown"], ["note", "thumbnail of 2 failed"],
    ]);
  });
  it("says what the neighbours suggest and which shown neighbours support it, as text", () => {
    const rows = detailRows(reply({
      neighbors: [card(8, 2), card(9, 2), card(10, 2)],
      suggestion: { code: 4, label: "<i>7</i>", confidence: 0.8125, quality: 0.0625, flagged: true, supporters: [8, 10] },
    }));
    expect(rows).toContainEqual(["neighbours say", "<i>7</i> (81% of their vote; its label 6%)"]);
    expect(rows).toContainEqual(["supported by", "#8, #10 (2 of the 3 nearest shown)"]);
    const none = detailRows(reply({ suggestion: { code: 4, label: "a", confidence: 1, quality: 1, flagged: false, supporters: [] } }));
    expect(none).toContainEqual(["supported by", "none of the 0 nearest shown"]);
  });
  it("a cluster without labels has no majority label", () => {
    expect(detailRows(reply({ majority: { cluster: 2, label: null, purity: null } }))[1])
      .toEqual(["cluster 2 majority label", "(none)"]);
  });
});
