// Re-extraction without a kernel: answers slider moves on a LocalModel from
// the fitted state (../extract/), and hover requests from the saved per-sample
// data. Used by the standalone page (../standalone.ts).
import { Extractor, Extraction } from "../extract/extractor";
import type { HoverReply } from "../model/messages";
import { LocalModel } from "./localmodel";
import { encodeExtraction, LabelInput } from "./encode";

const MAX_PARTNERS = 20; // as widget/_tooltip.py

export interface SessionData {
  extractor: Extractor;
  exactThreshold: number;
  labels: LabelInput | null; // current label codes and their sorted rank
  givenCodes: Int32Array | null;
  names: Record<string, string>; // code -> text, every code
  decisions: Uint8Array | null; // 0 none, 1 keep, 2 exclude (review/_edits.py)
  reviewFlags: Uint8Array | null; // excluded / relabelled bits
}

const DECISIONS = ["", "keep", "exclude"];

export class KernellessSession {
  private current: Extraction | null = null;

  constructor(private readonly model: LocalModel, private readonly data: SessionData) {
    model.handlers = {
      saved: (changed) => {
        if (changed.has("min_cluster_size") || changed.has("duplicate_threshold")) queueMicrotask(() => this.refresh());
      },
      sent: (content) => queueMicrotask(() => this.answer(content)),
    };
  }

  /** Extract for the model's parameters and publish the result (seq + 1). */
  refresh(): void {
    const m = this.model;
    const r = this.data.extractor.evaluate(m.get("min_cluster_size"), m.get("duplicate_threshold"));
    this.current = r;
    const encoded = encodeExtraction(r, this.data.exactThreshold, this.data.labels, this.data.reviewFlags);
    m.update({ ...encoded, error: "" });
    m.update({ seq: (m.get("seq") || 0) + 1 }); // last: views read the whole result on change:seq
  }

  get result(): Extraction | null { return this.current; }

  private answer(content: unknown): void {
    const c = content as { type?: string; id?: number; index?: number };
    if (c?.type === "hover") this.model.emit("msg:custom", this.hover(c.id ?? 0, c.index ?? -1), []);
    // review and edit requests need the kernel: answered with an error so nothing waits
    else if (c?.type === "review") {
      this.model.emit("msg:custom", { type: "review", id: c.id ?? 0, seq: this.model.get("seq"), members: [],
        n_members: 0, neighbors: [], majority: null, error: "no kernel: review details are not saved in this page" }, []);
    } else if (c?.type === "edit") {
      this.model.emit("msg:custom", { type: "edit", id: c.id ?? 0, ok: false, changed: 0,
        error: "no kernel: edits are not possible in this page" }, []);
    }
  }

  private hover(id: number, i: number): HoverReply {
    const r = this.current;
    const reply: HoverReply = { type: "hover", id, index: i, seq: this.model.get("seq"), label: null,
      outlier_score: NaN, probability: NaN, duplicates: [], near_duplicates: [], has_image: false };
    if (!r || !(i >= 0 && i < r.labels.length)) return { ...reply, error: `no sample ${i}` };
    const d = this.data;
    reply.outlier_score = r.outlierScores[i];
    reply.probability = r.probabilities[i];
    reply.duplicates = partners(r.duplicateGroup, i);
    reply.near_duplicates = partners(r.nearDuplicateGroup, i);
    if (d.givenCodes) reply.label = d.givenCodes[i] >= 0 ? d.names[String(d.givenCodes[i])] ?? null : null;
    if (d.labels) reply.current_label = d.labels.codes[i] >= 0 ? d.names[String(d.labels.codes[i])] ?? null : null;
    if (d.decisions) reply.decision = DECISIONS[d.decisions[i]] ?? "";
    return reply;
  }
}

function partners(groups: Int32Array, i: number): number[] {
  const g = groups[i];
  const out: number[] = [];
  if (g < 0) return out;
  for (let j = 0; j < groups.length && out.length < MAX_PARTNERS; j++) if (j !== i && groups[j] === g) out.push(j);
  return out;
}
