// Custom messages between the front end and Python (anywidget `send` /
// `msg:custom`). Only small JSON goes up; Python answers with JSON plus,
// for images, one PNG buffer.

/** Front end -> Python: details of one point for the tooltip. */
export interface HoverRequest { type: "hover"; id: number; index: number }

/** Python -> front end: the answer (thumbnail PNG in buffers[0] if `has_image`). */
export interface HoverReply {
  type: "hover";
  id: number;
  index: number;
  seq: number;
  label: string | null;
  outlier_score: number;
  probability: number;
  duplicates: number[]; // other members of its exact-duplicate group (capped)
  near_duplicates: number[]; // other members of its near-duplicate group (capped)
  has_image: boolean;
  image_mime?: string; // "image/png" (default) or "image/jpeg"
  current_label?: string | null; // after edits (absent in older replies)
  decision?: string; // "", "keep" or "exclude"
  image_problem?: string; // why a placeholder is shown instead of the image (missing file, ...)
  info?: Array<[string, string]>; // from_frame(..., info=[...]): column name and value as text
  error?: string;
}

export function isHoverReply(m: unknown): m is HoverReply {
  const r = m as HoverReply;
  return !!r && r.type === "hover" && typeof r.id === "number" && typeof r.index === "number";
}

/** Front end -> Python: details of one review item (members capped by Python). */
export interface ReviewRequest { type: "review"; id: number; members: number[]; k: number }

/** One sample as the review panel shows it; `image` indexes the reply's buffers (-1: none). */
export interface ReviewCard {
  index: number;
  cluster: number;
  label: string; // given label ("" if none)
  current_label: string;
  relabelled: boolean;
  decision: string; // "", "keep" or "exclude"
  outlier_score: number;
  image: number;
  image_problem?: string; // why the image is a placeholder
  info?: Array<[string, string]>; // info columns: name and value as text
  distance?: number; // neighbours only: distance in the data space
}

/** What the item's neighbours say its label is (the engine's label check of the current labels). */
export interface Suggestion {
  code: number; // label code (-1: a label the browser has no code for)
  label: string;
  confidence: number; // the suggested label's share of the neighbours' vote
  quality: number; // the item's own label's share
  flagged: boolean; // a label disagreement by the engine's rule
  supporters: number[]; // neighbours in `neighbors` that carry the suggested label
}

export interface ReviewReply {
  type: "review";
  id: number;
  seq: number;
  members: ReviewCard[];
  n_members: number;
  neighbors: ReviewCard[];
  majority: { cluster: number; label: string | null; purity: number | null } | null;
  suggestion?: Suggestion | null; // absent from older replies
  error?: string;
}

export function isReviewReply(m: unknown): m is ReviewReply {
  const r = m as ReviewReply;
  return !!r && r.type === "review" && typeof r.id === "number" && Array.isArray(r.members);
}

/** Front end -> Python: one edit. Labels go as an existing code or typed text. */
export interface EditRequest {
  type: "edit";
  id: number;
  action: "relabel" | "keep" | "exclude" | "undo" | "redo";
  target?: "indices" | "selection";
  indices?: number[];
  label?: { code: number } | { text: string };
  category?: string | null;
}

export interface EditReply { type: "edit"; id: number; ok: boolean; changed: number; error?: string }

export function isEditReply(m: unknown): m is EditReply {
  const r = m as EditReply;
  return !!r && r.type === "edit" && typeof r.id === "number" && typeof r.ok === "boolean";
}
