// The browser's own work per new result (what js/explorer.ts show() + applyVisibility() run,
// without the WebGL upload), timed in node (V8) at 100k and 1M points.
//
//   node benchmarks/bench_js_update.mjs                       # 100k and 1M -> results/js_update.json
//   node benchmarks/bench_js_update.mjs --sizes 100000        # other sizes -> results/quick/js_update.json
//
// js/ is bundled with esbuild and each size is measured in a fresh node process of its own
// (--expose-gc, gc() before every timed call). Figures: ms per call, median of 7 after 3
// warm-up calls, on the same inputs; then the first three results in a fresh process (JIT
// still warming up, as in a new browser tab). Rows: each step as explorer.ts calls it
// (readResult, clusterSizes, pointColors, then ResultLayers.upload: visibility, colour table,
// the five marker lists, link vertices) and the whole sequence timed in one go.
//
// Inputs (fixed seed, points in random order as in a real data set): ~300 clusters of
// unequal size, 2% noise, colour slots as Python sends them (one int32 per cluster); uint8
// flags: bit 0 on the noise, bit 1 (potential outlier) on 2% of the points (the default rule),
// bits 2 / 3 (exact / near duplicate) on ~1.5% each, bit 4 on 1%, bit 5 on 0.1%; ~15k links
// (at 1M) between duplicate points.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SIZES = "100000,1000000";
const REPS = 7;
const WARMUP = 3;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

// ------------------------------------------------------------------ bundling
const ENTRY = `
export { readResult } from "./js/model/traits";
export { clusterSizes } from "./js/sizes";
export { pointColors } from "./js/pointcolors";
export { ResultLayers } from "./js/layers";
export { computeVisibility } from "./js/visibility";
export { colorTable } from "./js/palette";
export { indexLists } from "./js/flags";
export * as flags from "./js/flags";
export { buildLinks } from "./js/links";
export { Reusable } from "./js/buffers";
export { COLOR_TEX_WIDTH } from "./js/gl/shaders";
`;

async function bundle(outFile) {
  const esbuild = await import(pathToFileURL(join(ROOT, "node_modules/esbuild/lib/main.js")).href);
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: "ts", sourcefile: "bench-entry.ts" },
    bundle: true, format: "esm", platform: "node", target: "es2020", outfile: outFile,
    loader: { ".css": "text" }, logLevel: "error",
  });
}

// ------------------------------------------------------------------ data
function rng(seed) { // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeInputs(n, seed = 1) {
  const rand = rng(seed);
  const K = 300;
  const cum = new Float64Array(K); // unequal cluster sizes: weights over two orders of magnitude
  let tot = 0;
  for (let c = 0; c < K; c++) { tot += Math.exp(4.6 * rand()); cum[c] = tot; }
  const pick = () => {
    const u = rand() * tot;
    let lo = 0, hi = K - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const clusters = new Int32Array(n);
  for (let i = 0; i < n; i++) clusters[i] = rand() < 0.02 ? -1 : pick();
  const slots = Int32Array.from({ length: K }, (_, c) => (c * 7) % (K + 40)); // distinct, not 0..K-1
  const flags = new Uint8Array(n);
  const dups = [];
  for (let i = 0; i < n; i++) {
    let f = clusters[i] < 0 ? 1 : 0;
    if (rand() < 0.02) f |= 2;
    const u = rand();
    if (u < 0.015) { f |= 4; dups.push(i); } else if (u < 0.03) { f |= 8; dups.push(i); }
    if (rand() < 0.01) f |= 16;
    if (rand() < 0.001) f |= 32;
    flags[i] = f;
  }
  const nLinks = Math.round(15000 * n / 1e6); // consecutive duplicate points paired
  const links = new Int32Array(2 * nLinks);
  const kinds = new Uint8Array(nLinks);
  for (let l = 0; l < nLinks; l++) {
    const a = dups[(2 * l) % dups.length], b = dups[(2 * l + 1) % dups.length];
    links[2 * l] = a; links[2 * l + 1] = b;
    kinds[l] = flags[a] & 4 ? 0 : 1;
  }
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) positions[i] = 2 * rand() - 1;
  return { n, clusters, slots, flags, links, kinds, positions };
}

/** Traits as ipywidgets hands them over: one DataView per buffer, each over its own ArrayBuffer. */
function fakeModel(d) {
  const dv = (a) => new DataView(a.buffer.slice(0), 0, a.byteLength);
  const traits = {
    seq: 1, clusters: dv(d.clusters), color_slots: dv(d.slots), flags: dv(d.flags), links: dv(d.links),
    link_kinds: dv(d.kinds), summary: { n_samples: d.n }, current_codes: new DataView(new ArrayBuffer(0)),
  };
  return { get: (k) => traits[k] };
}

// ------------------------------------------------------------------ measuring (worker)
function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

function time(fn) {
  for (let r = 0; r < WARMUP; r++) fn();
  const ms = [];
  for (let r = 0; r < REPS; r++) {
    globalThis.gc?.();
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

async function worker(bundlePath, n) {
  const m = await import(pathToFileURL(bundlePath).href);
  const F = m.flags;
  const d = makeInputs(n);
  const model = fakeModel(d);
  const legend = { hiddenSlots: new Set(), hideRest: false, hidden: new Set() };
  const empty = new Int32Array(0);
  const scatter = { renderer: null, look: {}, pickable: null }; // ResultLayers without the GPU
  const layers = new m.ResultLayers(scatter);
  // explorer.ts show() + applyVisibility() for one result, colour by cluster
  const whole = () => {
    const r = m.readResult(model);
    const sizes = m.clusterSizes(r.clusters, r.colorSlots.length);
    const colored = m.pointColors("cluster", n, r.clusters, r.colorSlots, empty, r.currentCodes);
    layers.invalidate();
    return layers.upload(r, colored, sizes, legend, d.positions);
  };
  const out = { cold: [] };
  for (let j = 0; j < 3; j++) { // first: a fresh process, JIT still warming up
    const t0 = performance.now();
    whole();
    out.cold.push(performance.now() - t0);
  }
  const r = m.readResult(model);
  const sizes = m.clusterSizes(r.clusters, r.colorSlots.length);
  const colored = m.pointColors("cluster", n, r.clusters, r.colorSlots, empty, r.currentCodes);
  const v = m.computeVisibility(colored.ids, r.flags, colored.slots, sizes, legend, true);
  const memory = [0, 1, 2, 3, 4].map(() => new m.Reusable((k) => new Uint32Array(k)));
  const linkMemory = new m.Reusable((k) => new Float32Array(k));
  const bits = [F.FLAG_OUTLIER, F.FLAG_POTENTIAL_OUTLIER, F.FLAG_DUPLICATE | F.FLAG_NEAR_DUPLICATE,
    F.FLAG_LABEL_DISAGREEMENT, F.FLAG_EXCLUDED];
  const steps = {
    readResult: () => m.readResult(model),
    clusterSizes: () => m.clusterSizes(r.clusters, r.colorSlots.length),
    pointColors: () => m.pointColors("cluster", n, r.clusters, r.colorSlots, empty, r.currentCodes),
    computeVisibility: () => m.computeVisibility(colored.ids, r.flags, colored.slots, sizes, legend, true),
    colorTable: () => m.colorTable(colored.slots, v.hiddenSlots, m.COLOR_TEX_WIDTH),
    "indexLists (5 marker lists)": () => m.indexLists(r.flags, bits, memory),
    buildLinks: () => m.buildLinks(d.positions, r.links, r.linkKinds, v.visible, linkMemory),
    "whole update, timed in one go": whole,
  };
  for (const [name, fn] of Object.entries(steps)) out[name] = time(fn);
  out.excluded = whole(); // a sanity figure: ~0.1% of the points carry bit 5
  process.stdout.write(JSON.stringify(out));
}

// ------------------------------------------------------------------ main
async function main() {
  if (process.argv[2] === "--worker") return worker(process.argv[3], Number(process.argv[4]));
  const sizesArg = arg("--sizes", DEFAULT_SIZES);
  const sizes = sizesArg.split(",").map(Number);
  const tmp = mkdtempSync(join(tmpdir(), "hdbscope-bench-js-"));
  const results = [];
  try {
    await bundle(join(tmp, "bundle.mjs"));
    writeFileSync(join(tmp, "package.json"), '{"type": "module"}');
    const run = (n) => JSON.parse(execFileSync(process.execPath,
      ["--expose-gc", fileURLToPath(import.meta.url), "--worker", join(tmp, "bundle.mjs"), String(n)],
      { maxBuffer: 1 << 20 }).toString());
    console.log(`node ${process.version}; ms per call, median of ${REPS} after ${WARMUP} warm-up calls\n`);
    const line = (cols) => console.log(cols[0].padEnd(40) + cols.slice(1).map((c) => String(c).padStart(10)).join(""));
    for (const n of sizes) {
      const a = run(n);
      results.push({ n, ...a });
      console.log(`N = ${n.toLocaleString("en")} (${a.excluded} excluded)`);
      for (const [k, ms] of Object.entries(a)) if (k !== "cold" && k !== "excluded") line([k, ms.toFixed(2)]);
      a.cold.forEach((ms, j) => line([`fresh process, result ${j + 1}`, ms.toFixed(2)]));
      console.log("");
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const out = join(ROOT, "benchmarks", "results", ...(sizesArg === DEFAULT_SIZES ? [] : ["quick"]), "js_update.json");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ node: process.version, reps: REPS, results }, null, 1) + "\n");
  console.log(`results written to ${relative(ROOT, out)}`);
}

await main();
