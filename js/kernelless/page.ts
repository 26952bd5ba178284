// The saved page's state (written by hdbscope/widget/_standalone.py) -> a
// LocalModel and its KernellessSession. openKernelless is the one way both
// kernel-less views start: the saved page (openPage) and a widget replayed
// with no kernel behind it (./replay.ts).
import { ARRAY_NAMES, decodeFitted, FittedScalars } from "../extract/fitted";
import { Extractor } from "../extract/extractor";
import type { Traits } from "../model/traits";
import { LocalModel } from "./localmodel";
import { KernellessSession, SessionData } from "./session";
import { LocalEdits } from "./edits";
import { SavedNeighbors, SavedNeighborTable } from "./neighbors";

export interface SavedPage {
  format: 1;
  traits: Partial<Traits>; // the JSON-able traits, as Python had them
  buffers: Record<string, string>; // base64: positions, label_codes, current_codes, label_rank, decisions, selected
  fitted: { scalars: FittedScalars; arrays: Record<string, string> };
  names: Record<string, string>; // every label code -> text
  data_hash: string; // the fitted data's hash (hex): decisions files carry it
  thumbnails: string[] | null; // base64 PNG per sample ("" none), or null when not embedded
  outlier_auto: boolean; // outlier_threshold follows the default rule
  neighbors?: SavedNeighborTable | null; // each sample's nearest neighbours (data space); null: none saved, absent: an older page
}

/** What a kernel-less view starts from, besides the traits it shows. */
export interface KernellessParts extends Omit<SessionData, "given" | "edits" | "exactThreshold"> {
  given: Int32Array | null; // given label codes, null without labels
  current: Int32Array | null; // current label codes (edits made in Python included), null: the given ones
  decisions: Uint8Array | null; // keep / exclude per sample (edits.ts codes), null: none
  names: Record<string, string>; // label code -> text (typed labels are added)
  rank: number[]; // label code -> place in sorted label order
  dataHash: string; // the fitted data's hash: decisions files carry it ("" unknown)
}

export function fromBase64(b64: string | undefined): Uint8Array | null {
  if (b64 === undefined) return null;
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const int32 = (b: Uint8Array | null): Int32Array | null => (b ? new Int32Array(b.buffer, 0, b.byteLength >> 2) : null);
const dv = (a: ArrayBufferView | null): DataView => (a ? new DataView(a.buffer, a.byteOffset, a.byteLength) : new DataView(new ArrayBuffer(0)));

export function openPage(saved: SavedPage): { model: LocalModel; session: KernellessSession } {
  if (saved.format !== 1) throw new Error(`saved page format ${saved.format} is not supported by this viewer`);
  const b = (k: string) => fromBase64(saved.buffers[k]);
  const fitted = decodeFitted(saved.fitted.scalars, ARRAY_NAMES.map((k) => fromBase64(saved.fitted.arrays[k])));
  const n = fitted.n_samples;
  return openKernelless({ ...saved.traits, positions: dv(b("positions")), selected: dv(b("selected")) }, {
    extractor: new Extractor(fitted),
    given: int32(b("label_codes")),
    current: int32(b("current_codes")),
    decisions: b("decisions"),
    names: { ...saved.names },
    rank: Array.from(int32(b("label_rank")) ?? []),
    dataHash: saved.data_hash,
    outlierAuto: saved.outlier_auto !== false,
    labelFlags: b("label_flags"),
    labelReviewRank: int32(b("label_review_rank")),
    neighbors: saved.neighbors ? new SavedNeighbors(saved.neighbors.k, fromBase64(saved.neighbors.deflated)!, n) : null,
    thumbnail: (i) => (saved.thumbnails && saved.thumbnails[i] ? fromBase64(saved.thumbnails[i]) : null),
  });
}

/** A LocalModel showing `traits`, answered by a KernellessSession; opens on the findings for the traits'
 * parameters, computed here. */
export function openKernelless(traits: Partial<Traits>, p: KernellessParts): { model: LocalModel; session: KernellessSession } {
  const n = p.extractor.fitted.n_samples;
  const model = new LocalModel({
    ...traits,
    label_codes: dv(p.given),
    current_codes: dv(p.current),
    queue_counts: [], queue_sizes: dv(null), queue_members: dv(null),
    review_open: false,
    seq: 0,
  });
  const givenCodes = p.given ?? new Int32Array(n).fill(-1);
  const edits = new LocalEdits(p.current ?? givenCodes.slice(), p.decisions ?? new Uint8Array(n), givenCodes, p.names, p.rank);
  (model as unknown as { dataHash: string }).dataHash = p.dataHash;
  const session = new KernellessSession(model, {
    extractor: p.extractor, exactThreshold: traits.summary?.exact_threshold ?? 0, given: p.given ? givenCodes : null,
    edits, thumbnail: p.thumbnail, neighbors: p.neighbors, outlierAuto: p.outlierAuto, labelFlags: p.labelFlags,
    labelReviewRank: p.labelReviewRank,
  });
  session.refresh(); // the view opens on the saved parameters' findings, computed here
  return { model, session };
}
