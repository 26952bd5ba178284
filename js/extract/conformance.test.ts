// The browser's re-extraction against the Python engine's answers
// (fixtures/conformance.json, written by scripts/make_conformance.py).
import { describe, expect, it } from "vitest";
import fixture from "./fixtures/conformance.json";
import { ARRAY_NAMES, decodeFitted, Fitted, FittedScalars } from "./fitted";
import { Extractor } from "./extractor";
import { findings } from "./findings";

function bytes(b64: string): ArrayBuffer {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out.buffer;
}

interface Case {
  dataset: number;
  min_cluster_size: number;
  duplicate_threshold: number;
  outlier_threshold: number | null;
  outlier_threshold_used: number;
  n_clusters: number;
  labels: string;
  probabilities: string;
  outlier_scores: string;
  findings: Record<string, unknown>;
  duplicate_links: string;
  near_duplicate_links: string;
  color_slots: string;
}

const fitted: Fitted[] = fixture.datasets.map((d) => decodeFitted(
  d.scalars as FittedScalars, ARRAY_NAMES.map((k) => bytes((d.arrays as Record<string, string>)[k]))));
const extractors = fitted.map((f) => new Extractor(f));
const cases = fixture.cases as Case[];

function maxDiff(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue; // also equal infinities
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst;
}

describe("re-extraction matches Clusterer.evaluate()", () => {
  it("has enough cases over every kind of data set", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    expect(fixture.datasets.map((d) => d.name)).toEqual(expect.arrayContaining(
      ["blobs", "moons", "digits", "ties_grid", "exact_duplicates", "single_cluster", "all_noise", "tiny"]));
  });

  it("moves all three sliders on every data set", () => {
    fixture.datasets.forEach((d, i) => {
      const mine = cases.filter((c) => c.dataset === i);
      const distinct = (f: (c: Case) => unknown) => new Set(mine.map(f)).size;
      expect(distinct((c) => c.min_cluster_size), d.name).toBeGreaterThan(1);
      // one distinct row: no distance, so 0 is the only duplicate_threshold
      if ((d.scalars as FittedScalars).n_rows > 1) expect(distinct((c) => c.duplicate_threshold), d.name).toBeGreaterThan(1);
      // the default outlier cut (null) and explicit ones, the ends of [0, 1] included
      expect(mine.some((c) => c.outlier_threshold === null), d.name).toBe(true);
      expect(distinct((c) => c.outlier_threshold), d.name).toBeGreaterThan(3);
    });
  });

  it.each(cases.map((c, i) => [i, `${fixture.datasets[c.dataset].name} m=${c.min_cluster_size} t=${c.duplicate_threshold.toPrecision(4)} cut=${c.outlier_threshold}`, c] as const))(
    "case %i: %s", (_i, _name, c) => {
      const r = extractors[c.dataset].evaluate(c.min_cluster_size, c.duplicate_threshold, c.outlier_threshold);
      expect(r.outlierThreshold).toBe(c.outlier_threshold_used);
      // labels identical (the engine numbers clusters canonically, so ties too)
      expect(Array.from(r.labels)).toEqual(Array.from(new Int32Array(bytes(c.labels))));
      expect(r.nClusters).toBe(c.n_clusters);
      expect(maxDiff(r.probabilities, new Float64Array(bytes(c.probabilities)))).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(r.outlierScores, new Float64Array(bytes(c.outlier_scores)))).toBeLessThanOrEqual(1e-6);
      expect(findings(r)).toEqual(c.findings);
      expect(Array.from(r.duplicateLinks)).toEqual(Array.from(new Int32Array(bytes(c.duplicate_links))));
      expect(Array.from(r.nearDuplicateLinks)).toEqual(Array.from(new Int32Array(bytes(c.near_duplicate_links))));
      expect(Array.from(r.colorSlots)).toEqual(Array.from(new Int32Array(bytes(c.color_slots))));
    });
});
