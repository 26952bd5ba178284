// Mirror of the Python widget's synced traits (hdbscope/widget/_explorer.py).
// Keep the two in step: same names, same encodings.
import { asFloat32, asInt32, asUint8, Binary } from "../buffers";

/** Counts and parameters of the result the buffers hold (Python `summary` trait). */
export interface Summary {
  n_samples: number;
  n_clusters: number;
  n_outliers: number;
  n_potential_outliers: number;
  n_duplicate_groups: number;
  n_near_duplicate_groups: number;
  min_cluster_size: number;
  duplicate_threshold: number;
  exact_threshold: number;
  outlier_threshold: number; // the GLOSH cut the result's potential outliers used
  n_label_disagreements?: number; // label check of the current labels
  queue?: Record<string, number>; // review items per category (also while the queue is not sent)
}

/** Python's edit_state trait: what undo / redo would do, and the totals. */
export interface EditState {
  n_edits: number;
  can_undo: boolean;
  can_redo: boolean;
  undo: string;
  redo: string;
  n_relabelled: number;
  n_excluded: number;
  n_kept: number;
  path: string; // the edits file, "" if none
}

export type ColorBy = "cluster" | "label" | "current_label";

export interface Traits {
  n_samples: number;
  positions: Binary; // float32 (N, 2) interleaved, normalised to about [-1, 1]
  clusters: Binary; // int32 (N,), -1 = noise
  color_slots: Binary; // int32 (K,): color slot of each cluster (README "Cluster colours")
  flags: Binary; // uint8 (N,), bits in ../flags.ts
  links: Binary; // int32 (L, 2)
  link_kinds: Binary; // uint8 (L,), 0 exact, 1 near
  summary: Summary;
  seq: number; // bumps with every result Python sends
  error: string; // non-empty if the last evaluation failed
  min_cluster_size: number;
  duplicate_threshold: number;
  outlier_threshold: number; // GLOSH score cut in [0, 1] for potential outliers
  min_cluster_size_range: [number, number];
  duplicate_threshold_range: [number, number];
  selected: Binary; // ../selection.ts format
  has_labels: boolean;
  has_images: boolean;
  info_columns?: string[]; // from_frame(..., info=[...]): column names (keep one per group by them)
  height: number;
  label_codes: Binary; // int32 (N,): code of each given label, -1 = none (empty without labels)
  current_codes: Binary; // int32 (N,): code of each current (edited) label
  label_names: Record<string, string>; // code -> text, for the codes the browser names
  label_choices: Array<[number, string, number]>; // [code, text, count], most frequent first
  color_by: ColorBy;
  review_open: boolean; // set by the review panel; Python sends the queue only while it is true
  queue_counts: number[]; // items per category, [] while not sent (format: ../review/queue.ts)
  queue_sizes: Binary; // int32: size of each group item
  queue_members: Binary; // int32: every item's members, in queue order
  edit_state: EditState;
}

/** An event handler; `never[]` accepts a handler of any argument list without `any`. */
export type Callback = (...args: never[]) => void;

/** The subset of the anywidget model API the front end uses. */
export interface Model {
  get<K extends keyof Traits>(key: K): Traits[K];
  set<K extends keyof Traits>(key: K, value: Traits[K]): void;
  save_changes(): void;
  on(event: string, cb: Callback): void;
  off(event?: string | null, cb?: Callback | null): void;
  send(content: unknown, callbacks?: unknown, buffers?: ArrayBuffer[] | ArrayBufferView[]): void;
}

/** The decoded arrays of one result. */
export interface ResultArrays {
  seq: number;
  clusters: Int32Array;
  colorSlots: Int32Array;
  flags: Uint8Array;
  links: Int32Array;
  linkKinds: Uint8Array;
  summary: Summary;
  currentCodes: Int32Array;
}

export function readPositions(model: Model): Float32Array {
  return asFloat32(model.get("positions"));
}

export function readResult(model: Model): ResultArrays {
  return {
    seq: model.get("seq"),
    clusters: asInt32(model.get("clusters")),
    colorSlots: asInt32(model.get("color_slots")),
    flags: asUint8(model.get("flags")),
    links: asInt32(model.get("links")),
    linkKinds: asUint8(model.get("link_kinds")),
    summary: model.get("summary"),
    currentCodes: asInt32(model.get("current_codes")),
  };
}
