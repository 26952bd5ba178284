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
  error?: string;
}

export function isHoverReply(m: unknown): m is HoverReply {
  const r = m as HoverReply;
  return !!r && r.type === "hover" && typeof r.id === "number" && typeof r.index === "number";
}
