// Per-point flag bits, shared with Python (hdbscope/widget/_serialization.py).
export const FLAG_OUTLIER = 1; // bit 0: HDBSCAN noise
export const FLAG_POTENTIAL_OUTLIER = 2; // bit 1: clustered but GLOSH score >= lowest noise score
export const FLAG_DUPLICATE = 4; // bit 2: in an exact-duplicate group
export const FLAG_NEAR_DUPLICATE = 8; // bit 3: in a near-duplicate group
export const FLAG_LABEL_DISAGREEMENT = 16; // bit 4: current label differs from its cluster's majority
// Review state (edits, not findings):
export const FLAG_EXCLUDED = 32; // bit 5: marked "exclude"
export const FLAG_RELABELLED = 64; // bit 6: current label differs from the given one

export function flagNames(f: number): string[] {
  const out: string[] = [];
  if (f & FLAG_OUTLIER) out.push("outlier");
  if (f & FLAG_POTENTIAL_OUTLIER) out.push("potential outlier");
  if (f & FLAG_DUPLICATE) out.push("exact duplicate");
  if (f & FLAG_NEAR_DUPLICATE) out.push("near duplicate");
  if (f & FLAG_LABEL_DISAGREEMENT) out.push("label disagreement");
  if (f & FLAG_EXCLUDED) out.push("excluded");
  if (f & FLAG_RELABELLED) out.push("relabelled");
  return out;
}

/** Indices of points with any of `bits` set (drawn again on top, with markers). */
export function indicesWithFlags(flags: Uint8Array, bits: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i] & bits) count++;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i] & bits) out[k++] = i;
  return out;
}
