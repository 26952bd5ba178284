// The saved page's state (written by hdbscope/widget/_standalone.py) -> a
// LocalModel and its KernellessSession.
import { ARRAY_NAMES, decodeFitted, FittedScalars } from "../extract/fitted";
import { Extractor } from "../extract/extractor";
import type { Traits } from "../model/traits";
import { LocalModel } from "./localmodel";
import { KernellessSession } from "./session";
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

export function fromBase64(b64: string | undefined): Uint8Array | null {
  if (b64 === undefined) return null;
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const int32 = (b: Uint8Array | null): Int32Array | null => (b ? new Int32Array(b.buffer, 0, b.byteLength >> 2) : null);
const dv = (b: Uint8Array | null): DataView => (b ? new DataView(b.buffer) : new DataView(new ArrayBuffer(0)));

export function openPage(saved: SavedPage): { model: LocalModel; session: KernellessSession } {
  if (saved.format !== 1) throw new Error(`saved page format ${saved.format} is not supported by this viewer`);
  const b = (k: string) => fromBase64(saved.buffers[k]);
  const fitted = decodeFitted(saved.fitted.scalars, ARRAY_NAMES.map((k) => fromBase64(saved.fitted.arrays[k])));
  const given = b("label_codes"), current = b("current_codes"), rank = int32(b("label_rank"));
  const model = new LocalModel({
    ...saved.traits,
    positions: dv(b("positions")),
    label_codes: dv(given),
    current_codes: dv(current),
    selected: dv(b("selected")),
    queue_counts: [], queue_sizes: dv(null), queue_members: dv(null),
    review_open: false,
    seq: 0,
  });
  const n = fitted.n_samples;
  const givenCodes = int32(given) ?? new Int32Array(n).fill(-1);
  const edits = new LocalEdits(int32(current) ?? givenCodes.slice(), b("decisions") ?? new Uint8Array(n), givenCodes,
    { ...saved.names }, Array.from(rank ?? []));
  (model as unknown as { dataHash: string }).dataHash = saved.data_hash;
  const session = new KernellessSession(model, {
    extractor: new Extractor(fitted),
    exactThreshold: saved.traits.summary?.exact_threshold ?? 0,
    given: given ? givenCodes : null,
    edits,
    outlierAuto: saved.outlier_auto !== false,
    labelFlags: b("label_flags"),
    labelReviewRank: int32(b("label_review_rank")),
    neighbors: saved.neighbors ? new SavedNeighbors(saved.neighbors.k, fromBase64(saved.neighbors.deflated)!, n) : null,
    thumbnail: (i) => (saved.thumbnails && saved.thumbnails[i] ? fromBase64(saved.thumbnails[i]) : null),
  });
  session.refresh(); // the page opens on the saved parameters' findings, computed here
  return { model, session };
}
