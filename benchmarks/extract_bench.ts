// Times the browser's re-extraction (js/extract/) in Node on a fitted state
// written by bench_kernelless.py: `node extract_bench.js <dir>` prints JSON.
import { readFileSync } from "node:fs";
import { ARRAY_NAMES, decodeFitted } from "../js/extract/fitted";
import { Extractor } from "../js/extract/extractor";
import { encodeExtraction } from "../js/kernelless/encode";

const dir = process.argv[2];
const meta = JSON.parse(readFileSync(`${dir}/meta.json`, "utf8"));
const buffers = ARRAY_NAMES.map((k) => { const b = readFileSync(`${dir}/${k}.bin`); return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice(); });
const t0 = performance.now();
const ex = new Extractor(decodeFitted(meta.scalars, buffers));
const setupMs = performance.now() - t0;
// V8 compiles hot functions after a few calls: warm up first, as a page does on its first moves
const times = (f: () => void, k: number) => { for (let w = 0; w < 5; w++) f(); const out: number[] = []; for (let i = 0; i < k; i++) { const t = performance.now(); f(); out.push(performance.now() - t); } out.sort((a, b) => a - b); return out[out.length >> 1]; };
const sizes: number[] = meta.sizes;
const k = meta.repeats;
let i = 0;
const mcsMs = times(() => { const r = ex.evaluate(sizes[i++ % sizes.length], meta.threshold); encodeExtraction(r, 0, null, null); }, k);
ex.clusters(sizes[0]);
let j = 0;
const dtMs = times(() => { const r = ex.evaluate(sizes[0], meta.thresholds[j++ % meta.thresholds.length]); encodeExtraction(r, 0, null, null); }, k);
console.log(JSON.stringify({ setup_ms: setupMs, min_cluster_size_ms: mcsMs, duplicate_threshold_ms: dtMs }));
