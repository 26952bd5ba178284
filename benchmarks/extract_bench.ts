// Times the browser's re-extraction (js/extract/) in Chromium on a fitted state
// written by bench_kernelless.py, which loads this bundle into a page and awaits
// `hdbscopeBench.run(base)`: meta.json and <array>.bin are fetched from `base`.
// prepare and the first move are cold (as when a page opens: V8 has not compiled
// anything yet); the per-slider figures are medians of moves to new values after
// a warm-up, each move = extraction + encoding into the trait values a view draws.
import { ARRAY_NAMES, decodeFitted } from "../js/extract/fitted";
import { Extractor } from "../js/extract/extractor";
import { encodeExtraction } from "../js/kernelless/encode";

const clock = (f: () => void): number => { const t = performance.now(); f(); return performance.now() - t; };

function median(repeats: number, f: (k: number) => void): number {
  for (let w = 0; w < 5; w++) f(w);
  const out: number[] = [];
  for (let k = 0; k < repeats; k++) out.push(clock(() => f(k)));
  out.sort((a, b) => a - b);
  return out[out.length >> 1];
}

const move = (ex: Extractor, m: number, t: number, cut: number | null) => {
  encodeExtraction(ex.evaluate(m, t, cut), 0, null, null);
};

export async function run(base: string) {
  const meta = await (await fetch(`${base}/meta.json`)).json();
  const buffers = await Promise.all(
    ARRAY_NAMES.map(async (k) => new Uint8Array(await (await fetch(`${base}/${k}.bin`)).arrayBuffer())),
  );
  const sizes: number[] = meta.sizes, thresholds: number[] = meta.thresholds, cuts: number[] = meta.cuts;
  const repeats: number = meta.repeats;
  let ex: Extractor | null = null;
  const prepareMs = clock(() => { ex = new Extractor(decodeFitted(meta.scalars, buffers)); });
  const e = ex as unknown as Extractor;
  const firstMoveMs = clock(() => move(e, sizes[1], meta.threshold, null));
  // each move to a value not asked for since the last two (the extractor keeps the last two sizes)
  const mcsMs = median(repeats, (k) => move(e, sizes[k % sizes.length], meta.threshold, null));
  const dtMs = median(repeats, (k) => move(e, sizes[0], thresholds[k % thresholds.length], null));
  const cutMs = median(repeats, (k) => move(e, sizes[0], meta.threshold, cuts[k % cuts.length]));
  // prepare again, warm, for the part JIT compilation took
  const prepareWarmMs = clock(() => new Extractor(decodeFitted(meta.scalars, buffers)));
  return {
    prepare_ms: prepareMs, prepare_warm_ms: prepareWarmMs, first_move_ms: firstMoveMs,
    min_cluster_size_ms: mcsMs, duplicate_threshold_ms: dtMs, outlier_threshold_ms: cutMs,
  };
}
