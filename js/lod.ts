// Level of detail for big data on slow GPUs (software rendering, old laptops).
// Pure, so it is tested without a browser.

/**
 * Markers are worth drawing only while they can be told apart: if `count`
 * markers of `markerPx` device px would cover more than half the plot, they
 * say nothing a shade does not, and they cost count * markerPx^2 fragments.
 */
export function markersFit(count: number, markerPx: number, canvasPixels: number, coverage = 0.5): boolean {
  return count * markerPx * markerPx <= coverage * canvasPixels;
}

/** Shade bits, as the shaders' u_tint reads them (gl/shaders.ts). */
export const SHADE_OUTLIERS = 1, SHADE_DUPLICATES = 2, SHADE_DISAGREEMENTS = 4, SHADE_POTENTIAL = 8;

export interface MarkerCounts { outliers: number; potential: number; dups: number; disagree: number }

/** Which marker categories are drawn as shades of their points instead (bits above). */
export function shadedCategories(c: MarkerCounts, markerPx: number, canvasPixels: number): number {
  return (markersFit(c.outliers, markerPx, canvasPixels) ? 0 : SHADE_OUTLIERS)
    | (markersFit(c.potential, markerPx, canvasPixels) ? 0 : SHADE_POTENTIAL)
    | (markersFit(c.dups, markerPx * 1.25, canvasPixels) ? 0 : SHADE_DUPLICATES)
    | (markersFit(c.disagree, markerPx * 1.1, canvasPixels) ? 0 : SHADE_DISAGREEMENTS);
}

/**
 * Points drawn per frame while the view moves, so drawing them costs about `targetMs`
 * (the browser's own work per frame, compositing included, comes on top: ~15-20 ms
 * without a GPU, measured by bench_widget.py's zoom gesture; 6 ms keeps a frame
 * well inside 33 ms).
 */
export function previewCount(n: number, fullFrameMs: number, targetMs = 6, min = 10_000): number {
  if (!(fullFrameMs > 0)) return n;
  return Math.min(n, Math.max(min, Math.round(n * targetMs / fullFrameMs)));
}

const GOLDEN = 0x9e3779b1; // Knuth's multiplicative hash: spreads consecutive indices

/**
 * A fixed, evenly spread sample of about `fraction` of 0..n-1, ascending (so
 * points overlap in the same order as in a full frame). The same (n, fraction)
 * always gives the same points: a moving view does not flicker.
 */
export function sampleIndices(n: number, fraction: number): Uint32Array {
  if (fraction >= 1) return Uint32Array.from({ length: n }, (_, i) => i);
  const cut = Math.max(0, Math.floor(fraction * 0x100000000));
  let count = 0;
  for (let i = 0; i < n; i++) if ((Math.imul(i, GOLDEN) >>> 0) < cut) count++;
  const out = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if ((Math.imul(i, GOLDEN) >>> 0) < cut) out[k++] = i;
  return out;
}

/** `count / n` rounded to the nearest power of two, so a sample is reused across small changes. */
export function sampleFraction(count: number, n: number): number {
  if (n <= 0 || count >= n) return 1;
  return Math.min(1, Math.pow(2, Math.round(Math.log2(Math.max(count, 1) / n))));
}
