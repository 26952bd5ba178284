// Browser-side work per new result (what js/explorer.ts onResult() + applyVisibility()
// run), timed in node (V8) at 100k and 1M points, before and after a change.
//
//   node benchmarks/bench_js_update.mjs                    # working tree vs --before
//   node benchmarks/bench_js_update.mjs --before <git-ref> # baseline commit (default below)
//   node benchmarks/bench_js_update.mjs --sizes 100000     # other sizes
//
// Each version's TypeScript is bundled with esbuild (the "before" one from `git archive`
// of the baseline commit) and measured in a fresh node process of its own (--expose-gc,
// gc() before every timed call), so the two never share JIT feedback or heap.
// Figures: ms per call, median of 7 after 3 warm-up calls, on the same inputs.
//
// Rows: each function as explorer.ts calls it today; the calls a suggested explorer.ts
// change would make instead ("-" in a version without them); the sums of both; the whole
// sequence timed in one go; and the first three results in a fresh process (JIT still
// warming up, as in a new browser tab). The last line compares a digest of every result
// (slots, sizes, colour table, index lists, link vertices) between the two versions.
//
// Inputs (fixed seed, points in random order as in a real data set): ~300 clusters of
// unequal size, 2% noise; a previous labelling that differs a bit (ids renumbered, ~3% of
// points moved, one cluster split, two merged); uint8 flags: bit 0 on the noise, bit 1
// (potential outlier) on 73% of the points, bits 2 / 3 (exact / near duplicate) on ~1.5%
// each, bit 4 on 1%, bit 5 on 0.1%; ~15k links (at 1M) between duplicate points.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// The last commit before the per-result work was optimised.
const DEFAULT_BEFORE = "84940e18f7d070439670efaeaab825a99b58ce91";
const REPS = 7;
const WARMUP = 3;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

// ------------------------------------------------------------------ bundling
const ENTRY = `
export * as colors from "./js/colors";
export * as coloring from "./js/coloring";
export * as visibility from "./js/visibility";
export * as flags from "./js/flags";
export * as links from "./js/links";
export * as traits from "./js/model/traits";
export * as buffers from "./js/buffers";
export { COLOR_TEX_WIDTH } from "./js/gl/shaders";
`;

async function bundle(srcRoot, outFile) {
  const esbuild = await import(pathToFileURL(join(ROOT, "node_modules/esbuild/lib/main.js")).href);
  await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: srcRoot, loader: "ts", sourcefile: "bench-entry.ts" },
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
  // unequal cluster sizes: weights spread over two orders of magnitude
  const cum = new Float64Array(K);
  let tot = 0;
  for (let c = 0; c < K; c++) { tot += Math.exp(4.6 * rand()); cum[c] = tot; }
  const pick = () => {
    const u = rand() * tot;
    let lo = 0, hi = K - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < u) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) prev[i] = rand() < 0.02 ? -1 : pick();
  // the new labelling: ids renumbered, ~3% of points moved, cluster 0 split, 1 and 2 merged
  const perm = Int32Array.from({ length: K }, (_, i) => i);
  for (let i = K - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [perm[i], perm[j]] = [perm[j], perm[i]]; }
  const clusters = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let c = prev[i];
    const u = rand();
    if (u < 0.01) c = -1;
    else if (u < 0.03) c = pick();
    if (c === 0 && rand() < 0.4) c = K; // split: the new cluster K
    if (c === 2) c = 1;
    clusters[i] = c < 0 ? -1 : c === K ? K - 1 : perm[c]; // perm[2] (merged away) is reused by the split part
  }
  const flags = new Uint8Array(n);
  const dups = [];
  for (let i = 0; i < n; i++) {
    let f = clusters[i] < 0 ? 1 : 0;
    if (rand() < 0.73) f |= 2;
    const u = rand();
    if (u < 0.015) { f |= 4; dups.push(i); } else if (u < 0.03) { f |= 8; dups.push(i); }
    if (rand() < 0.01) f |= 16;
    if (rand() < 0.001) f |= 32;
    flags[i] = f;
  }
  // ~15k links at 1M: consecutive duplicate points paired, kind from the first's flag
  const nLinks = Math.round(15000 * n / 1e6);
  const links = new Int32Array(2 * nLinks);
  const kinds = new Uint8Array(nLinks);
  for (let l = 0; l < nLinks; l++) {
    const a = dups[(2 * l) % dups.length], b = dups[(2 * l + 1) % dups.length];
    links[2 * l] = a; links[2 * l + 1] = b;
    kinds[l] = flags[a] & 4 ? 0 : 1;
  }
  const positions = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) positions[i] = 2 * rand() - 1;
  return { n, prev, clusters, flags, links, kinds, positions };
}

/** Traits as ipywidgets hands them over: one DataView per buffer, each over its own ArrayBuffer. */
function fakeModel(d) {
  const dv = (a) => new DataView(a.buffer.slice(0), 0, a.byteLength);
  const traits = {
    seq: 1, clusters: dv(d.clusters), flags: dv(d.flags), links: dv(d.links), link_kinds: dv(d.kinds),
    summary: { n_samples: d.n }, current_codes: new DataView(new ArrayBuffer(0)),
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
  const { colors, coloring, visibility, flags: F, links: Lk, traits, buffers, COLOR_TEX_WIDTH } = m;
  const d = makeInputs(n);
  const model = fakeModel(d);
  const st = { hiddenSlots: new Set(), hideRest: false, hidden: new Set() };
  const empty = new Int32Array(0);
  const DUPS = F.FLAG_DUPLICATE | F.FLAG_NEAR_DUPLICATE;
  // explorer.ts applyVisibility() today: five index lists, the last one only for its length
  const five = (fl) => [
    F.indicesWithFlags(fl, F.FLAG_OUTLIER), F.indicesWithFlags(fl, F.FLAG_POTENTIAL_OUTLIER),
    F.indicesWithFlags(fl, DUPS), F.indicesWithFlags(fl, F.FLAG_LABEL_DISAGREEMENT),
    F.indicesWithFlags(fl, F.FLAG_EXCLUDED).length,
  ];
  // Suggested explorer.ts changes, where the version has what they need: the five index
  // lists from one call (indexLists: one counting pass), slots and sizes from one call
  // (matchClusters), index lists and link vertices written to memory kept from the
  // previous result (buffers.Reusable).
  const R = buffers.Reusable;
  const keepU32 = () => new R((k) => new Uint32Array(k));
  const bufs = R && { out: keepU32(), pot: keepU32(), dups: keepU32(), disagree: keepU32(), links: new R((k) => new Float32Array(k)) };
  const lists = F.indexLists && R
    ? (fl) => F.indexLists(fl, [F.FLAG_OUTLIER, F.FLAG_POTENTIAL_OUTLIER, DUPS, F.FLAG_LABEL_DISAGREEMENT, F.FLAG_EXCLUDED],
      [bufs.out, bufs.pot, bufs.dups, bufs.disagree])
    : null;
  const linksInto = R ? (vis) => Lk.buildLinks(d.positions, d.links, d.kinds, vis, bufs.links) : null;
  const match = colors.matchClusters ? (p, ps, l) => colors.matchClusters(p, ps, l) : null;
  const steps = {
    readResult: () => traits.readResult(model),
    matchColors: () => colors.matchColors(d.prev, prevSlots, d.clusters),
    colouring: () => coloring.colouring("cluster", n, d.clusters, slots, empty, empty),
    clusterSizes: () => colors.clusterSizes(col.ids, col.slots.length),
    computeVisibility: () => visibility.computeVisibility(col.ids, d.flags, col.slots, sizes, st, col.byCluster),
    colorTable: () => colors.colorTable(col.slots, v.hiddenSlots, COLOR_TEX_WIDTH),
    "indicesWithFlags x5": () => five(d.flags),
    buildLinks: () => Lk.buildLinks(d.positions, d.links, d.kinds, v.visible),
    "matchClusters (slots + sizes)": match && (() => match(d.prev, prevSlots, d.clusters)),
    "index lists, reused memory": lists && (() => lists(d.flags)),
    "buildLinks, reused memory": linksInto && (() => linksInto(v.visible)),
  };
  // The whole sequence back to back: explorer.ts as it is, and with the suggested changes.
  const run = (suggested, prevLabels, prevS, labels) => {
    const r = { ...traits.readResult(model), clusters: labels };
    let s, sz;
    if (suggested && match) ({ slots: s, sizes: sz } = match(prevLabels, prevS, r.clusters));
    else s = colors.matchColors(prevLabels, prevS, r.clusters);
    const c = coloring.colouring("cluster", n, r.clusters, s, empty, r.currentCodes);
    if (!sz) sz = colors.clusterSizes(c.ids, c.slots.length);
    const vis = visibility.computeVisibility(c.ids, r.flags, c.slots, sz, st, c.byCluster);
    colors.colorTable(c.slots, vis.hiddenSlots, COLOR_TEX_WIDTH);
    if (suggested && lists) lists(r.flags); else five(r.flags);
    if (suggested && linksInto) linksInto(vis.visible); else Lk.buildLinks(d.positions, r.links, r.linkKinds, vis.visible);
    return s;
  };
  const pipeline = (suggested) => () => run(suggested, d.prev, prevSlots, d.clusters);
  const out = {};
  // First: the first three results in this fresh process, JIT still warming up (as in a new
  // browser tab): no previous labels, then the two labellings in turn.
  const cold = [];
  let last = null, lastSlots = null;
  for (const labels of [d.prev, d.clusters, d.prev]) {
    const t0 = performance.now();
    lastSlots = run(false, last, lastSlots, labels);
    cold.push(performance.now() - t0);
    last = labels;
  }
  out.cold = cold;
  const prevSlots = colors.matchColors(null, null, d.prev);
  const slots = colors.matchColors(d.prev, prevSlots, d.clusters);
  const col = coloring.colouring("cluster", n, d.clusters, slots, empty, empty);
  const sizes = colors.clusterSizes(col.ids, col.slots.length);
  const v = visibility.computeVisibility(col.ids, d.flags, col.slots, sizes, st, col.byCluster);
  for (const [name, fn] of Object.entries(steps)) out[name] = fn ? time(fn) : null;
  out["pipeline, explorer.ts as is"] = time(pipeline(false));
  out["pipeline, suggested explorer.ts"] = time(pipeline(true));
  // Results must not change: a digest of the slots, sizes, index lists and link vertices.
  out.checksum = [
    checksum(colors.matchColors(d.prev, prevSlots, d.clusters)), checksum(colors.clusterSizes(col.ids, col.slots.length)),
    checksum(colors.colorTable(col.slots, v.hiddenSlots, COLOR_TEX_WIDTH).rgba),
    checksum(Lk.buildLinks(d.positions, d.links, d.kinds, v.visible).vertices),
    ...five(d.flags).slice(0, 4).map(checksum), five(d.flags)[4], checksum(lastSlots),
  ].join(",");
  process.stdout.write(JSON.stringify(out));
}

function checksum(a) { let h = 0; for (let i = 0; i < a.length; i++) h = (Math.imul(h, 31) + (a[i] * 1000 | 0)) | 0; return h; }

// ------------------------------------------------------------------ main
async function main() {
  if (process.argv[2] === "--worker") return worker(process.argv[3], Number(process.argv[4]));
  const before = arg("--before", DEFAULT_BEFORE);
  const sizes = arg("--sizes", "100000,1000000").split(",").map(Number);
  const tmp = mkdtempSync(join(tmpdir(), "hdbscope-bench-js-"));
  try {
    const beforeSrc = join(tmp, "before");
    mkdirSync(beforeSrc);
    execFileSync("sh", ["-c", `git -C "${ROOT}" archive "${before}" js | tar -x -C "${beforeSrc}"`]);
    const beforeRev = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", before]).toString().trim();
    await bundle(beforeSrc, join(tmp, "before.mjs"));
    await bundle(ROOT, join(tmp, "after.mjs"));
    writeFileSync(join(tmp, "package.json"), '{"type": "module"}');
    const run = (which, n) => JSON.parse(execFileSync(process.execPath,
      ["--expose-gc", fileURLToPath(import.meta.url), "--worker", join(tmp, `${which}.mjs`), String(n)],
      { maxBuffer: 1 << 20 }).toString());
    console.log(`node ${process.version}; before = ${beforeRev}, after = working tree; ms per call, median of ${REPS}\n`);
    const fmt = (x) => (x == null ? "-" : x.toFixed(2));
    const line = (cols) => console.log(cols[0].padEnd(36) + cols.slice(1).map((c) => c.padStart(10)).join(""));
    const row = (name, b, a) => line([name, fmt(b), fmt(a), b && a ? (b / a).toFixed(1) + "x" : "-"]);
    const AS_IS = ["readResult", "matchColors", "colouring", "clusterSizes", "computeVisibility", "colorTable",
      "indicesWithFlags x5", "buildLinks"];
    for (const n of sizes) {
      const b = run("before", n), a = run("after", n);
      // suggested explorer.ts: matchClusters replaces matchColors + clusterSizes (colour by cluster),
      // indexLists the five calls, reused memory the new arrays; a version without them runs
      // the old calls
      const suggested = (x) => AS_IS.reduce((s, k) => s + x[k], 0)
        + (x["matchClusters (slots + sizes)"] != null ? x["matchClusters (slots + sizes)"] - x.matchColors - x.clusterSizes : 0)
        + (x["index lists, reused memory"] != null ? x["index lists, reused memory"] - x["indicesWithFlags x5"] : 0)
        + (x["buildLinks, reused memory"] != null ? x["buildLinks, reused memory"] - x.buildLinks : 0);
      console.log(`N = ${n.toLocaleString("en")}`);
      line(["function", "before", "after", "speed-up"]);
      for (const k of Object.keys(a)) if (!["checksum", "cold"].includes(k) && !k.startsWith("pipeline")) row(k, b[k], a[k]);
      row("sum, explorer.ts as is", AS_IS.reduce((s, k) => s + b[k], 0), AS_IS.reduce((s, k) => s + a[k], 0));
      row("sum, suggested explorer.ts", suggested(b), suggested(a));
      for (const k of Object.keys(a)) if (k.startsWith("pipeline")) row(k + " (timed whole)", b[k], a[k]);
      for (let j = 0; j < a.cold.length; j++) row(`fresh process, result ${j + 1} (as is)`, b.cold[j], a.cold[j]);
      console.log(`same results before/after: ${a.checksum === b.checksum ? "yes" : "NO"}\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
