// The fitted state Python sends once (hdbscope/engine/_portable.py): everything
// the browser needs to re-extract clusters and duplicates for any parameters.
import { asInt32, Binary, bytesOf } from "../buffers";

/** Scalars of the fitted state (JSON). */
export interface FittedScalars {
  n_samples: number;
  n_rows: number; // distinct rows
  n_points: number; // clustered points: one per exact-duplicate group
  scale: number; // data units per normalised unit
  exact_cut: number; // exact-duplicate cut, normalised units
  tie_atol: number; // distances within tie_atol (+ tie_rtol relative) of a threshold count as at it
  tie_rtol: number;
}

/** Wire order of the arrays (mirror of _portable.ARRAYS). */
export const ARRAY_NAMES = [
  "inverse", "forest_a", "forest_b", "forest_w",
  "tree_left", "tree_right", "tree_distance", "tree_size",
] as const;

export interface Fitted extends FittedScalars {
  inverse: Int32Array; // sample -> distinct row
  forestA: Int32Array; // duplicate forest edges between distinct rows, sorted by distance
  forestB: Int32Array;
  forestW: Float64Array; // normalised units, ascending
  treeLeft: Int32Array; // prepared single-linkage tree (children >= n_points are merges)
  treeRight: Int32Array;
  treeDistance: Float64Array;
  treeSize: Int32Array;
}

function asFloat64(buf: Binary): Float64Array {
  const bytes = bytesOf(buf);
  const n = Math.floor(bytes.byteLength / 8);
  if (bytes.byteOffset % 8 === 0) return new Float64Array(bytes.buffer, bytes.byteOffset, n);
  return new Float64Array(bytes.slice(0, n * 8).buffer, 0, n);
}

/** Decode the scalars and the buffers (in ARRAY_NAMES order); checks the lengths agree. */
export function decodeFitted(scalars: FittedScalars, buffers: Binary[]): Fitted {
  if (buffers.length !== ARRAY_NAMES.length) {
    throw new Error(`fitted state: expected ${ARRAY_NAMES.length} buffers, got ${buffers.length}`);
  }
  const [inv, fa, fb, fw, tl, tr, td, ts] = buffers;
  const fitted: Fitted = {
    ...scalars,
    inverse: asInt32(inv),
    forestA: asInt32(fa), forestB: asInt32(fb), forestW: asFloat64(fw),
    treeLeft: asInt32(tl), treeRight: asInt32(tr), treeDistance: asFloat64(td), treeSize: asInt32(ts),
  };
  const nTree = scalars.n_points >= 2 ? scalars.n_points - 1 : 0;
  const ok = fitted.inverse.length === scalars.n_samples
    && fitted.forestB.length === fitted.forestA.length && fitted.forestW.length === fitted.forestA.length
    && [fitted.treeLeft, fitted.treeRight, fitted.treeDistance, fitted.treeSize].every((a) => a.length === nTree);
  if (!ok) throw new Error("fitted state: array lengths do not match n_samples / n_points");
  return fitted;
}
