// Times the browser's re-extraction (js/extract/) in Node on a fitted state
// written by bench_kernelless.py: `node extract_bench.js <dir>` prints JSON.
// prepare and the first move are cold (as when a page opens: V8 has not compiled
// anything yet); the per-slider figures are medians of moves to new values after
// a warm-up, each move = extraction + encoding into the trait values a view draws.
import { readFileSync } from "node:fs";
import { ARRAY_NAMES, decodeFitted } from "../js/extract/fitted";
import { Extractor } from "../js/extract/extractor";
import { encodeExtraction } from "../js/kernelless/encode";

const dir = process.argv[2];
const meta = JSON.parse(readFileSync(`${dir}/meta.json`, "utf8"));
const buffers = ARRAY_NAMES.map((k) => {
  const b = readFileSync(`${dir}/${k}.bin`);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
});
const sizes: number[] = meta.sizes, thresholds: number[] = meta.thresholds, cuts: number[] = meta.cuts;
const repeats: number = meta.repeats;

const clock = (f: () => void): number => { const t = performance.now(); f(); return performance.now() - t; };
function median(f: (k: number) => void): number {
  for (let w = 0; w < 5; w++) f(w);
  const out: number[] = [];
  for (let k = 0; k < repeats; k++) out.push(clock(() => f(k)));
  out.sort((a, b) => a - b);
  return out[out.length >> 1];
}
const move = (ex: Extractor, m: number, t: number, cut: number | null) => {
  encodeExtraction(ex.evaluate(m, t, cut), 0, null, null);
};

let ex: Extractor | null = null;
const prepareMs = clock(() => { ex = new Extractor(decodeFitted(meta.scalars, buffers)); });
const e = ex as unknown as Extractor;
const firstMoveMs = clock(() => move(e, sizes[1], meta.threshold, null));
// each move to a value not asked for since the last two (the extractor keeps the last two sizes)
const mcsMs = median((k) => move(e, sizes[k % sizes.length], meta.threshold, null));
const dtMs = median((k) => move(e, sizes[0], thresholds[k % thresholds.length], null));
const cutMs = median((k) => move(e, sizes[0], meta.threshold, cuts[k % cuts.length]));
// prepare again, warm, for the part JIT compilation took
const prepareWarmMs = clock(() => new Extractor(decodeFitted(meta.scalars, buffers)));
console.log(JSON.stringify({
  prepare_ms: prepareMs, prepare_warm_ms: prepareWarmMs, first_move_ms: firstMoveMs,
  min_cluster_size_ms: mcsMs, duplicate_threshold_ms: dtMs, outlier_threshold_ms: cutMs,
}));
