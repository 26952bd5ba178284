// Selection wire format, shared with Python (hdbscope/widget/_serialization.py):
//   uint32 little-endian header = format, then
//   format 0: sorted unique uint32 indices
//   format 1: bitmask of n bits, least significant bit first
// The smaller of the two is used (indices if 4*count <= ceil(n/8)), so the
// largest possible message is n/8 bytes: 125 kB for a million points, far
// below the 10 MiB the Jupyter server accepts from the browser. Both sides use
// the same rule, so an unchanged selection encodes to identical bytes.
import { Binary, bytesOf } from "./buffers";

export const SELECTION_INDICES = 0;
export const SELECTION_BITMASK = 1;

export function selectionFormat(count: number, n: number): number {
  return 4 * count <= Math.ceil(n / 8) ? SELECTION_INDICES : SELECTION_BITMASK;
}

/** Encode sorted unique indices (all < n). */
export function encodeSelection(indices: Uint32Array, n: number): Uint8Array {
  const format = selectionFormat(indices.length, n);
  if (format === SELECTION_INDICES) {
    const out = new Uint8Array(4 + 4 * indices.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, SELECTION_INDICES, true);
    new Uint32Array(out.buffer, 4, indices.length).set(indices);
    return out;
  }
  const out = new Uint8Array(4 + Math.ceil(n / 8));
  new DataView(out.buffer).setUint32(0, SELECTION_BITMASK, true);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    out[4 + (i >>> 3)] |= 1 << (i & 7);
  }
  return out;
}

/** Decode to sorted unique indices; indices >= n are dropped. */
export function decodeSelection(buf: Binary, n: number): Uint32Array {
  const bytes = bytesOf(buf);
  if (bytes.byteLength < 4) return new Uint32Array(0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = dv.getUint32(0, true);
  if (format === SELECTION_INDICES) {
    const count = Math.floor((bytes.byteLength - 4) / 4);
    const out: number[] = [];
    let last = -1;
    for (let k = 0; k < count; k++) {
      const i = dv.getUint32(4 + 4 * k, true);
      if (i < n && i > last) { out.push(i); last = i; }
    }
    return Uint32Array.from(out);
  }
  if (format === SELECTION_BITMASK) {
    const out: number[] = [];
    const nbytes = Math.min(bytes.byteLength - 4, Math.ceil(n / 8));
    for (let b = 0; b < nbytes; b++) {
      const v = bytes[4 + b];
      if (v === 0) continue;
      for (let bit = 0; bit < 8; bit++) {
        const i = b * 8 + bit;
        if (v & (1 << bit) && i < n) out.push(i);
      }
    }
    return Uint32Array.from(out);
  }
  throw new Error(`unknown selection format ${format}`);
}

/** Sorted indices of the set entries of a 0/1 mask. */
export function maskToIndices(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] ? 1 : 0;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/** Combine the current selection with a new pick: replace, add (shift) or toggle (shift-click). */
export function combineSelection(
  current: Uint32Array, picked: Uint32Array, n: number, mode: "replace" | "add" | "toggle",
): Uint32Array {
  if (mode === "replace") return picked.slice().sort();
  const mask = new Uint8Array(n);
  for (let k = 0; k < current.length; k++) mask[current[k]] = 1;
  for (let k = 0; k < picked.length; k++) {
    const i = picked[k];
    mask[i] = mode === "toggle" ? mask[i] ^ 1 : 1;
  }
  return maskToIndices(mask);
}
