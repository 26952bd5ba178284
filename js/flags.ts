import type { Reusable } from "./buffers";

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

/**
 * Indices of points with any of `bits` set (drawn again on top, with markers).
 * With `into`, the result is a view of its memory (see Reusable) instead of a new array.
 */
export function indicesWithFlags(flags: Uint8Array, bits: number, into?: Reusable<Uint32Array>): Uint32Array {
  const m = bits & 0xff; // flags are bytes: only the low 8 bits of `bits` can match
  const count = countWithFlags(flags, m);
  return fillIndices(flags, m, into ? into.take(count) : new Uint32Array(count));
}

/**
 * indicesWithFlags(flags, masks[j], into?.[j]) for every j, with one counting pass for all
 * of them (a histogram of the flag bytes) instead of one per mask.
 */
export function indexLists(
  flags: Uint8Array, masks: readonly number[], into?: ReadonlyArray<Reusable<Uint32Array> | undefined>,
): Uint32Array[] {
  const hist = flagHistogram(flags);
  return masks.map((bits, j) => {
    const m = bits & 0xff;
    let count = 0;
    for (let v = 1; v < 256; v++) if (v & m) count += hist[v];
    const r = into?.[j];
    return fillIndices(flags, m, r ? r.take(count) : new Uint32Array(count));
  });
}

/** Number of points with each flag byte value 0..255. */
function flagHistogram(flags: Uint8Array): Int32Array {
  const { head, words, tail } = wordView(flags);
  // Four histograms, one per byte of a word: the increments of one word never wait on each other.
  const h4 = new Int32Array(1024);
  for (let j = 0; j < words.length; j++) {
    const w = words[j];
    h4[w & 255]++; h4[256 + ((w >>> 8) & 255)]++; h4[512 + ((w >>> 16) & 255)]++; h4[768 + (w >>> 24)]++;
  }
  const hist = new Int32Array(256);
  for (let v = 0; v < 256; v++) hist[v] = h4[v] + h4[256 + v] + h4[512 + v] + h4[768 + v];
  for (let i = 0; i < head; i++) hist[flags[i]]++;
  for (let i = tail; i < flags.length; i++) hist[flags[i]]++;
  return hist;
}

/** Number of points with any of `bits` set. */
export function countWithFlags(flags: Uint8Array, bits: number): number {
  const m = bits & 0xff;
  if (m === 0) return 0;
  const { head, words, tail } = wordView(flags);
  let c = 0;
  for (let i = 0; i < head; i++) if (flags[i] & m) c++;
  const m4 = Math.imul(m, 0x01010101), nw = words.length;
  let j = 0;
  for (; j + 3 < nw; j += 4) { // 16 points per step, skipped at once when none match (rare flags)
    const x0 = words[j] & m4, x1 = words[j + 1] & m4, x2 = words[j + 2] & m4, x3 = words[j + 3] & m4;
    if ((x0 | x1 | x2 | x3) === 0) continue;
    c += bytesSet(x0) + bytesSet(x1) + bytesSet(x2) + bytesSet(x3);
  }
  for (; j < nw; j++) c += bytesSet(words[j] & m4);
  for (let i = tail; i < flags.length; i++) if (flags[i] & m) c++;
  return c;
}

/** Number of non-zero bytes in `x` (0..4). */
function bytesSet(x: number): number {
  return Math.imul(nonZeroBytes(x) >>> 7, 0x01010101) >>> 24; // a 1 per non-zero byte, summed in the top byte
}

// Flags are read four at a time as little-endian 32-bit words (byte j of a word is
// point 4 * word + j), which cuts the loop count by 4 and lets all-zero words be skipped.
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const NO_WORDS = new Int32Array(0);

/** Aligned int32 words over the middle of `flags`: bytes [0, head) and [tail, n) are left over. */
function wordView(flags: Uint8Array): { head: number; words: Int32Array; tail: number } {
  const n = flags.length;
  const head = LITTLE_ENDIAN ? Math.min(n, (4 - (flags.byteOffset & 3)) & 3) : n;
  const nw = (n - head) >> 2;
  const words = nw > 0 ? new Int32Array(flags.buffer, flags.byteOffset + head, nw) : NO_WORDS;
  return { head, words, tail: head + 4 * nw };
}

/** 0x80 in each byte of `x` that is non-zero, 0 in the others (no carries cross bytes). */
function nonZeroBytes(x: number): number {
  return ((((x & 0x7f7f7f7f) + 0x7f7f7f7f) | 0) | x) & 0x80808080;
}

/** Fills `out` with the indices with a bit of `m` set, in order (there are out.length of them). */
function fillIndices(flags: Uint8Array, m: number, out: Uint32Array): Uint32Array {
  const count = out.length;
  if (count === 0) return out;
  const { head, words } = wordView(flags);
  let k = 0;
  for (let i = 0; i < head; i++) if (flags[i] & m) out[k++] = i;
  const m4 = Math.imul(m, 0x01010101);
  let j = 0;
  for (; j < words.length; j++) {
    const x = words[j] & m4;
    if (x === 0) continue;
    if (k > count - 4) break; // too close to the end for four unconditional writes
    // Write all four indices, advance past the ones that match: no unpredictable branches.
    const t = nonZeroBytes(x), i = head + 4 * j;
    out[k] = i; k += (t >>> 7) & 1;
    out[k] = i + 1; k += (t >>> 15) & 1;
    out[k] = i + 2; k += (t >>> 23) & 1;
    out[k] = i + 3; k += t >>> 31;
  }
  for (let i = head + 4 * j; i < flags.length && k < count; i++) if (flags[i] & m) out[k++] = i; // the rest, byte by byte
  return out;
}
