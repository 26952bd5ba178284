// In the notebook: a slider move answered in the browser. When Python sent the
// fitted state (the `fitted` trait, see widget/_kernelless.py), the view shows
// the re-extraction for the new values at once; the value still goes to Python,
// whose result (the same findings, plus the label check and queue it owns)
// replaces the preview when it arrives, so explorer.result stays true.
import { decodeFitted, FittedScalars } from "../extract/fitted";
import { Extractor } from "../extract/extractor";
import type { Binary } from "../buffers";
import type { Model, ResultArrays } from "../model/traits";
import { asInt32, asUint8 } from "../buffers";
import { FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT, FLAG_RELABELLED } from "../flags";
import { encodeExtraction } from "./encode";

export interface FittedTrait { scalars?: FittedScalars; arrays?: Binary[] }

// Bits the preview cannot recompute without Python (edits, and the label check of edited labels):
// kept from the last result Python sent.
const KEPT_BITS = FLAG_EXCLUDED | FLAG_RELABELLED | FLAG_LABEL_DISAGREEMENT;

export class LocalPreview {
  private constructor(private readonly extractor: Extractor) {}

  /** A preview for this model, or null when Python sent no fitted state (large data, or an old kernel). */
  static from(model: Model): LocalPreview | null {
    const f = (model.get as (k: string) => unknown)("fitted") as FittedTrait | undefined;
    if (!f || !f.scalars || !Array.isArray(f.arrays)) return null;
    try {
      return new LocalPreview(new Extractor(decodeFitted(f.scalars, f.arrays)));
    } catch {
      return null; // a state this front end cannot read: the kernel path answers
    }
  }

  /**
   * The cut Python holds if it was set (from Python or this slider), or null while it follows the
   * default rule: Python's outlier_threshold differs from the default of Python's last result
   * (not of a preview: Python has not answered those yet).
   */
  userCut(model: Model): number | null {
    return followsDefaultRule(model, this.extractor, this.defaults) ? null : model.get("outlier_threshold");
  }

  private readonly defaults = new Map<number, number>(); // default cut per min_cluster_size Python answered

  /** The result for new slider values (outlierThreshold null: the default rule), as the arrays the view draws. */
  result(minClusterSize: number, duplicateThreshold: number, outlierThreshold: number | null,
    last: ResultArrays): ResultArrays {
    const r = this.extractor.evaluate(minClusterSize, duplicateThreshold, outlierThreshold);
    const n = r.labels.length;
    const kept = new Uint8Array(n);
    if (last.flags.length === n) for (let i = 0; i < n; i++) kept[i] = last.flags[i] & KEPT_BITS;
    const e = encodeExtraction(r, last.summary.exact_threshold, null, kept);
    const flags = asUint8(e.flags);
    if (last.flags.length === n) for (let i = 0; i < n; i++) flags[i] |= kept[i] & FLAG_LABEL_DISAGREEMENT;
    return {
      seq: last.seq, clusters: asInt32(e.clusters), flags, links: asInt32(e.links), linkKinds: asUint8(e.link_kinds),
      summary: { ...last.summary, ...e.summary, n_label_disagreements: last.summary.n_label_disagreements },
      colorSlots: asInt32(e.color_slots),
      currentCodes: last.currentCodes,
    };
  }
}

/**
 * Does Python's outlier_threshold follow the default rule (never set)? It does while it equals the
 * default cut for the min_cluster_size of Python's last result (`defaults`: a cache per min_cluster_size).
 */
export function followsDefaultRule(model: Model, extractor: Extractor, defaults = new Map<number, number>()): boolean {
  const cut = model.get("outlier_threshold"), summary = model.get("summary");
  if (typeof cut !== "number" || !summary) return true;
  const m = summary.min_cluster_size;
  if (!defaults.has(m)) defaults.set(m, extractor.clusters(m).defaultOutlierThreshold);
  return cut === defaults.get(m);
}
