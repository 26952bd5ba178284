// Log-scale slider mappings. An <input type=range> has integer positions;
// these functions map positions to parameter values and back.

/**
 * Distinct integers spread evenly in log space over [lo, hi], lo and hi
 * included. Every position is a different integer, so one arrow-key press
 * always changes the value (a plain rounded log map would repeat small values).
 */
export function intLogSteps(lo: number, hi: number, maxSteps = 400): Int32Array {
  lo = Math.max(1, Math.round(lo));
  hi = Math.max(lo, Math.round(hi));
  if (hi - lo + 1 <= maxSteps) {
    const out = new Int32Array(hi - lo + 1);
    for (let k = 0; k < out.length; k++) out[k] = lo + k;
    return out;
  }
  const values: number[] = [];
  const ratio = Math.log(hi / lo);
  for (let k = 0; k < maxSteps; k++) {
    const v = Math.round(lo * Math.exp((ratio * k) / (maxSteps - 1)));
    if (values.length === 0 || v > values[values.length - 1]) values.push(v);
  }
  values[values.length - 1] = hi;
  return Int32Array.from(values);
}

/** Position of the step nearest to v in log space (v outside the range -> an end). */
export function nearestStep(steps: ArrayLike<number>, v: number): number {
  if (steps.length === 0) return 0;
  if (!(v > steps[0])) return 0;
  if (v >= steps[steps.length - 1]) return steps.length - 1;
  let a = 0, b = steps.length - 1; // steps[a] < v <= steps[b]
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (steps[m] < v) a = m; else b = m;
  }
  return Math.log(v / steps[a]) <= Math.log(steps[b] / v) ? a : b;
}

/** A usable log range: positive, lo < hi. Degenerate input gets a decade around it. */
export function safeLogRange(lo: number, hi: number): [number, number] {
  if (!(hi > 0) || !Number.isFinite(hi)) hi = 1;
  if (!(lo > 0) || !Number.isFinite(lo) || lo >= hi) lo = hi / 1000;
  return [lo, hi];
}

/** Value at slider position pos of `steps` equal log steps over [lo, hi]. */
export function floatLogValue(lo: number, hi: number, steps: number, pos: number): number {
  [lo, hi] = safeLogRange(lo, hi);
  const t = Math.min(1, Math.max(0, pos / steps));
  if (t === 0) return lo;
  if (t === 1) return hi;
  return lo * Math.exp(Math.log(hi / lo) * t);
}

/** Nearest slider position for value v (clamped to the ends). */
export function floatLogPosition(lo: number, hi: number, steps: number, v: number): number {
  [lo, hi] = safeLogRange(lo, hi);
  if (!(v > lo)) return 0;
  if (v >= hi) return steps;
  return Math.round((steps * Math.log(v / lo)) / Math.log(hi / lo));
}

/** Short display form of a threshold: 3 significant digits, no float noise. */
export function formatThreshold(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(3)));
  return v.toExponential(2);
}
