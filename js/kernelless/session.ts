// Re-extraction without a kernel: answers a LocalModel's slider moves from the
// fitted state (../extract/), and its hover, review and edit messages from the
// data saved in the page. Used by the standalone page (../standalone.ts).
import { Extractor, Extraction } from "../extract/extractor";
import { LabelCheck, labelDisagreements } from "../extract/labelcheck";
import type { EditRequest, HoverReply, ReviewCard, ReviewReply } from "../model/messages";
import { LocalModel } from "./localmodel";
import { encodeExtraction } from "./encode";
import { DECISION_NAMES, EditCommand, LocalEdits } from "./edits";
import { buildQueue } from "./queue";
import type { SavedNeighbors } from "./neighbors";
import { decodeSelection } from "../selection";
import { withoutKernel } from "../review/calibration";
import { CATEGORIES } from "../review/queue";

const MAX_PARTNERS = 20; // as widget/_tooltip.py
const MAX_MEMBERS_SHOWN = 12; // as widget/_review_reply.py

export interface SessionData {
  extractor: Extractor;
  exactThreshold: number;
  given: Int32Array | null; // given label codes, null without labels
  edits: LocalEdits;
  thumbnail: (i: number) => Uint8Array | null; // embedded PNG of sample i, if any
  neighbors: SavedNeighbors | null; // each sample's nearest neighbours as saved (null: an older page)
  outlierAuto: boolean; // outlier_threshold follows the default rule (until the user moves it)
  // The kernel's label check (neighbour vote) of the labels as saved, one byte per sample: it does not depend
  // on the sliders. The vote itself is not ported: a sample relabelled in the page counts as checked.
  labelFlags: Uint8Array | null;
  labelReviewRank: Int32Array | null; // per sample: place in the kernel's review order of label issues, -1 none
}

export class KernellessSession {
  private current: Extraction | null = null;
  private check: LabelCheck | null = null;

  constructor(private readonly model: LocalModel, private readonly data: SessionData) {
    model.handlers = {
      saved: (changed) => {
        if (changed.has("outlier_threshold")) this.data.outlierAuto = false; // the user set the cut
        if (changed.has("min_cluster_size") || changed.has("duplicate_threshold") || changed.has("outlier_threshold")) {
          queueMicrotask(() => this.refresh());
        }
        else if (changed.has("review_open")) queueMicrotask(() => this.model.update(this.queueTraits()));
      },
      sent: (content) => queueMicrotask(() => void this.answer(content)),
    };
  }

  get result(): Extraction | null { return this.current; }

  /** The decisions made in this page, as a file explorer.load_decisions() reads. */
  decisionsFile(): string {
    const m = this.model;
    return JSON.stringify({
      format: "hdbscope-decisions", version: 1, n_samples: m.get("n_samples"),
      data_hash: (m as unknown as { dataHash?: string }).dataHash ?? "",
      edits: this.data.edits.inForce(),
    }, null, 1);
  }

  /** Edits in force (one per user action). */
  get nCommands(): number { return this.data.edits.nInForce; }

  /** Extract for the model's parameters and publish the result (seq + 1). */
  refresh(): void {
    const m = this.model, d = this.data, e = d.edits;
    const r = d.extractor.evaluate(m.get("min_cluster_size"), m.get("duplicate_threshold"),
      d.outlierAuto ? null : m.get("outlier_threshold"));
    this.current = r;
    const anyLabel = e.codes.some((c) => c >= 0);
    this.check = anyLabel ? savedCheck(
      labelDisagreements(r.labels, r.nClusters, e.codes, Int32Array.from(e.rank)), d.labelFlags, e.codes, e.savedCodes,
    ) : null;
    const encoded = encodeExtraction(r, d.exactThreshold, this.check, e.reviewFlags());
    const counts = encoded.summary;
    encoded.summary = {
      ...counts, n_label_disagreements: this.check?.count ?? 0,
      queue: Object.fromEntries(CATEGORIES.map((c, k) => [c, [counts.n_outliers, counts.n_potential_outliers,
        counts.n_duplicate_groups, counts.n_near_duplicate_groups, this.check?.count ?? 0][k]])),
    };
    m.update({
      ...encoded, ...this.queueTraits(), error: "",
      current_codes: new DataView(e.codes.buffer.slice(0)),
      label_names: { ...e.names }, label_choices: e.choices(),
      edit_state: e.state() as never,
      ...(d.outlierAuto ? { outlier_threshold: r.outlierThreshold } : {}), // the slider shows the default in force
    });
    m.update({ seq: (m.get("seq") || 0) + 1 }); // last: views read the whole result on change:seq
  }

  private queueTraits() {
    if (!this.model.get("review_open") || !this.current) {
      return { queue_counts: [], queue_sizes: new DataView(new ArrayBuffer(0)), queue_members: new DataView(new ArrayBuffer(0)) };
    }
    return buildQueue(this.current, this.check?.isDisagreement ?? null, this.data.labelReviewRank);
  }

  private async answer(content: unknown): Promise<void> {
    const c = content as { type?: string; id?: number };
    let reply: unknown = null;
    const buffers: Uint8Array[] = [];
    if (c?.type === "hover") reply = this.hover(c.id ?? 0, (content as { index?: number }).index ?? -1, buffers);
    else if (c?.type === "review") reply = await this.review(content as { id: number; members: number[] }, buffers);
    else if (c?.type === "edit") reply = this.edit(content as EditRequest);
    else if (c?.type === "calibration") reply = withoutKernel(c.id ?? 0, this.model.get("duplicate_threshold"));
    if (reply) this.model.emit("msg:custom", reply, buffers);
  }

  private hover(id: number, i: number, buffers: Uint8Array[]): HoverReply {
    const r = this.current;
    const reply: HoverReply = { type: "hover", id, index: i, seq: this.model.get("seq"), label: null,
      outlier_score: NaN, probability: NaN, duplicates: [], near_duplicates: [], has_image: false };
    if (!r || !(i >= 0 && i < r.labels.length)) return { ...reply, error: `no sample ${i}` };
    const { given, edits } = this.data;
    reply.outlier_score = r.outlierScores[i];
    reply.probability = r.probabilities[i];
    reply.duplicates = partners(r.duplicateGroup, i);
    reply.near_duplicates = partners(r.nearDuplicateGroup, i);
    if (given) reply.label = given[i] >= 0 ? edits.names[String(given[i])] ?? null : null;
    reply.current_label = edits.codes[i] >= 0 ? edits.names[String(edits.codes[i])] ?? null : null;
    reply.decision = DECISION_NAMES[edits.decision[i]] ?? "";
    const png = this.data.thumbnail(i);
    if (png) { buffers.push(png); reply.has_image = true; reply.image_mime = "image/png"; }
    return reply;
  }

  private card(i: number, buffers: Uint8Array[]): ReviewCard {
    const r = this.current!, { given, edits } = this.data;
    const g = given ? given[i] : -1;
    return {
      index: i, cluster: r.labels[i], label: g >= 0 ? edits.names[String(g)] ?? "" : "",
      current_label: edits.codes[i] >= 0 ? edits.names[String(edits.codes[i])] ?? "" : "",
      relabelled: edits.codes[i] !== g, decision: DECISION_NAMES[edits.decision[i]] ?? "",
      outlier_score: r.outlierScores[i], image: this.image(i, buffers),
    };
  }

  private image(i: number, buffers: Uint8Array[]): number {
    const png = this.data.thumbnail(i);
    if (!png) return -1;
    buffers.push(png);
    return buffers.length - 1;
  }

  private async review(req: { id: number; members: number[] }, buffers: Uint8Array[]): Promise<ReviewReply> {
    const saved = this.data.neighbors;
    let failed = saved ? "" : "nearest neighbours were not saved in this page";
    try {
      await saved?.load(); // inflated on the first item; the reply is built after it, from one result
    } catch (e) {
      failed = `nearest neighbours failed: ${e instanceof Error ? e.message : String(e)}`;
    }
    const r = this.current;
    const reply: ReviewReply = { type: "review", id: req.id ?? 0, seq: this.model.get("seq"), members: [],
      n_members: 0, neighbors: [], majority: null };
    const n = r ? r.labels.length : 0;
    const members = Array.isArray(req.members) ? req.members.slice(0, MAX_MEMBERS_SHOWN) : [];
    if (!r || !members.length || members.some((i) => !(Number.isInteger(i) && i >= 0 && i < n))) {
      return { ...reply, error: "members must be a non-empty list of sample indices" };
    }
    reply.n_members = req.members.length;
    reply.members = members.map((i) => this.card(i, buffers));
    const c = r.labels[members[0]];
    if (c >= 0) {
      const maj = this.check ? this.check.majority[c] : -1;
      const purity = this.check ? this.check.purity[c] : NaN;
      reply.majority = { cluster: c, label: maj >= 0 ? this.data.edits.names[String(maj)] ?? null : null,
        purity: Number.isFinite(purity) ? purity : null };
    }
    // the first member's, less the item's samples (up to 1000), as the kernel answers
    if (saved && !failed) {
      reply.neighbors = saved.of(members[0], new Set(req.members.slice(0, 1000))).map((j) => this.card(j, buffers));
    }
    if (failed) reply.error = failed;
    return reply;
  }

  private edit(req: EditRequest) {
    const reply: Record<string, unknown> = { type: "edit", id: req.id ?? 0, ok: true, changed: 0 };
    try {
      reply.changed = this.applyEdit(req);
      if (reply.changed) this.refresh();
    } catch (e) {
      Object.assign(reply, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
    reply.edit_state = this.data.edits.state();
    return reply;
  }

  private applyEdit(req: EditRequest): number {
    const edits = this.data.edits;
    if (req.action === "undo" || req.action === "redo") return edits.apply({ action: req.action });
    const indices = req.target === "selection" ? this.selection() : (req.indices ?? []);
    if (!indices.length) throw new Error("nothing to edit: no samples given (select some, or step to an item)");
    let label: string | undefined;
    if (req.action === "relabel") {
      const spec = (req.label ?? {}) as { code?: number; text?: string };
      label = spec.code !== undefined ? edits.names[String(spec.code)] : spec.text;
      if (label === undefined) throw new Error("relabel needs a label: {'code': k} or {'text': '...'}");
    }
    const sorted = [...new Set(indices)].sort((a, b) => a - b);
    const cmd: EditCommand = { action: req.action, indices: sorted, label };
    // the category is fixed now, from this page's findings, so a replay elsewhere files it the same way
    if (req.category) cmd.category = req.category;
    return edits.apply(cmd);
  }

  private selection(): number[] {
    return Array.from(decodeSelection(this.model.get("selected"), this.model.get("n_samples")));
  }
}

function partners(groups: Int32Array, i: number): number[] {
  const g = groups[i];
  const out: number[] = [];
  if (g < 0) return out;
  for (let j = 0; j < groups.length && out.length < MAX_PARTNERS; j++) if (j !== i && groups[j] === g) out.push(j);
  return out;
}

/** The saved neighbour-vote flags in place of the cluster-majority ones (kept for majority and purity),
 * less the samples relabelled in the page since it was saved. */
function savedCheck(context: LabelCheck, flags: Uint8Array | null, codes: Int32Array, saved: Int32Array): LabelCheck {
  if (!flags || flags.length !== codes.length) return context;
  const isDisagreement = new Uint8Array(codes.length);
  let count = 0;
  for (let i = 0; i < codes.length; i++) {
    if (flags[i] && codes[i] === saved[i]) { isDisagreement[i] = 1; count++; }
  }
  return { ...context, isDisagreement, count };
}
