// A ClusterExplorer whose saved widget state is replayed with no kernel behind
// it: an nbconvert HTML export of a notebook saved with widget state (ipywidgets'
// HTML manager), or a notebook reopened without running it. Nothing would answer
// its messages, so the same KernellessSession as the saved page (./page.ts)
// answers its sliders, hover, review and edits, from what the widget state
// holds: the fitted tree and duplicate forest (the `fitted` trait), the labels
// and the kernel's last result.
import { asInt32, asUint8 } from "../buffers";
import { decodeFitted } from "../extract/fitted";
import { Extractor } from "../extract/extractor";
import { FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT } from "../flags";
import type { Model, Traits } from "../model/traits";
import { EXCLUDE } from "./edits";
import { LocalModel } from "./localmodel";
import { openKernelless } from "./page";
import { FittedTrait, followsDefaultRule } from "./preview";
import type { KernellessSession } from "./session";

// ipywidgets puts this class on a widget view's element while its model has no live comm (no kernel
// behind it), before the view renders (@jupyter-widgets/base, DOMWidgetView._comm_live_update).
const DISCONNECTED = "jupyter-widgets-disconnected";

/** The traits the view reads, taken as saved. Left out: images and info columns (not in the widget
 * state: the thumbnails and the frame stay in Python), the review queue (built here when asked). */
const SHOWN: ReadonlyArray<keyof Traits> = [
  "n_samples", "positions", "clusters", "color_slots", "flags", "links", "link_kinds", "summary", "seq", "error",
  "min_cluster_size", "duplicate_threshold", "outlier_threshold", "min_cluster_size_range",
  "duplicate_threshold_range", "selected", "has_labels", "height", "label_names", "label_choices", "color_by",
  "edit_state",
];

export const NO_FITTED_STATE = "No kernel is connected and this explorer's fitted state was not saved (it is "
  + "sent only up to 1,000,000 samples), so the sliders cannot re-cluster here; explorer.save_html() or "
  + "explorer.embed() keeps a page that does.";

/** Is a kernel behind the view rendered in `el`? Only a view ipywidgets marks as disconnected has none. */
export function kernelBehind(el: HTMLElement): boolean {
  return !el.classList.contains(DISCONNECTED);
}

/**
 * A LocalModel over a copy of the replayed model's traits, with the session that answers it; the
 * session is null (and the model's error says why) when the state holds no fitted tree to re-extract from.
 */
export function openReplayed(model: Model): { model: LocalModel; session: KernellessSession | null } {
  const traits: Partial<Traits> = { has_images: false };
  for (const key of SHOWN) (traits as Record<string, unknown>)[key] = model.get(key);
  const extractor = fittedExtractor(model);
  if (!extractor) return { model: new LocalModel({ ...traits, error: NO_FITTED_STATE }), session: null };
  const n = extractor.fitted.n_samples;
  const own = (a: Int32Array) => (a.length === n ? a.slice() : null); // a copy: the session edits its codes
  const given = traits.has_labels ? own(asInt32(model.get("label_codes"))) : null;
  const current = own(asInt32(model.get("current_codes")));
  const flags = asUint8(model.get("flags"));
  const saved = flags.length === n;
  const decisions = new Uint8Array(n); // "exclude" is in the flags; "keep" is not saved in the widget state
  if (saved) for (let i = 0; i < n; i++) if (flags[i] & FLAG_EXCLUDED) decisions[i] = EXCLUDE;
  const names = { ...(model.get("label_names") ?? {}) };
  return openKernelless(traits, {
    extractor, given, current, decisions, names,
    rank: codeOrder(names, given, current),
    dataHash: "",
    outlierAuto: followsDefaultRule(model, extractor),
    // the kernel's label check of the labels as saved (the neighbour vote, not re-run here)
    labelFlags: saved && (given || current) ? flags.map((f) => (f & FLAG_LABEL_DISAGREEMENT ? 1 : 0)) : null,
    labelReviewRank: null,
    neighbors: null,
    thumbnail: () => null,
  });
}

function fittedExtractor(model: Model): Extractor | null {
  const f = (model.get as (k: string) => unknown)("fitted") as FittedTrait | undefined;
  if (!f || !f.scalars || !Array.isArray(f.arrays)) return null;
  try {
    return new Extractor(decodeFitted(f.scalars, f.arrays));
  } catch {
    return null; // a state this front end cannot read
  }
}

/** Each label code's rank: the codes' own order (the widget state does not hold the sorted order Python
 * breaks majority ties by: only the review panel's majority can differ from the kernel's on a tie). */
function codeOrder(names: Record<string, string>, ...codes: Array<Int32Array | null>): number[] {
  let n = 0;
  for (const k of Object.keys(names)) n = Math.max(n, Number(k) + 1);
  for (const a of codes) if (a) for (const c of a) n = Math.max(n, c + 1);
  return Array.from({ length: n }, (_, c) => c);
}
