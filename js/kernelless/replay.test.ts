// A widget replayed with no kernel (an nbconvert export of saved widget state): the
// session answers its sliders with what Clusterer.evaluate() gives (the engine's
// answers in ../extract/fixtures/conformance.json).
import { describe, expect, it } from "vitest";
import fixture from "../extract/fixtures/conformance.json";
import { ARRAY_NAMES, decodeFitted, FittedScalars } from "../extract/fitted";
import { Extractor } from "../extract/extractor";
import { FLAG_EXCLUDED, FLAG_LABEL_DISAGREEMENT } from "../flags";
import type { Traits } from "../model/traits";
import { LocalEdits } from "./edits";
import { LocalModel } from "./localmodel";
import { fromBase64 } from "./page";
import { kernelBehind, NO_FITTED_STATE, openReplayed } from "./replay";

const BLOBS = 0;
const data = fixture.datasets[BLOBS];
const arrays = ARRAY_NAMES.map((k) => new DataView(fromBase64((data.arrays as Record<string, string>)[k])!.buffer));
const scalars = data.scalars as FittedScalars;
const n = scalars.n_samples;
const cases = fixture.cases.filter((c) => c.dataset === BLOBS && c.outlier_threshold === null);
const engine = (m: number) => cases.find((c) => c.min_cluster_size === m)!;
const tick = () => new Promise((r) => setTimeout(r, 0));

/** The widget state as ipywidgets replays it: Python's traits, the fitted state, Python's last result. */
function replayed(extra: Record<string, unknown> = {}): LocalModel {
  const first = engine(14);
  const flags = new Uint8Array(n);
  flags[3] = FLAG_EXCLUDED;
  flags[5] = FLAG_LABEL_DISAGREEMENT;
  const given = new Int32Array(n).map((_, i) => i % 3);
  return new LocalModel({
    n_samples: n, positions: new DataView(new ArrayBuffer(8 * n)), flags: new DataView(flags.buffer),
    min_cluster_size: 14, duplicate_threshold: first.duplicate_threshold, outlier_threshold: first.outlier_threshold_used,
    min_cluster_size_range: [2, 145], duplicate_threshold_range: [0, 1], has_labels: true, has_images: true,
    label_codes: new DataView(given.buffer), current_codes: new DataView(given.slice().buffer),
    label_names: { 0: "a", 1: "b" }, // Python names only the most frequent codes
    summary: { min_cluster_size: 14, exact_threshold: 0 } as Traits["summary"], seq: 1, error: "",
    fitted: { scalars, arrays },
    ...extra,
  } as unknown as Partial<Traits>);
}

describe("a widget replayed without a kernel", () => {
  it("is told apart by ipywidgets' disconnected class", () => {
    const el = (cls: string) => ({ classList: { contains: (c: string) => cls.split(" ").includes(c) } }) as unknown as HTMLElement;
    expect(kernelBehind(el("lm-Widget"))).toBe(true);
    expect(kernelBehind(el("lm-Widget jupyter-widgets-disconnected"))).toBe(false);
  });

  it("opens on the saved parameters and answers each slider as evaluate() does", async () => {
    const { model, session } = openReplayed(replayed());
    expect(session).not.toBeNull();
    expect(model.get("has_images")).toBe(false); // thumbnails stay in Python
    const counts = () => {
      const s = model.get("summary");
      return [s.n_clusters, s.n_outliers, s.n_potential_outliers, s.n_duplicate_groups, s.n_near_duplicate_groups];
    };
    const want = (m: number) => {
      const c = engine(m), f = c.findings;
      return [c.n_clusters, f.outliers.length, f.potential_outliers.length, f.duplicates.length, f.near_duplicates.length];
    };
    expect(model.get("seq")).toBe(1);
    expect(counts()).toEqual(want(14));
    for (const m of [2, 47, 19]) {
      model.set("min_cluster_size", m);
      model.set("duplicate_threshold", engine(m).duplicate_threshold);
      model.save_changes();
      await tick();
      expect(counts()).toEqual(want(m));
      // the cut was never set: it follows the default rule, as in Python
      expect(model.get("outlier_threshold")).toBe(engine(m).outlier_threshold_used);
    }
    expect(model.get("seq")).toBe(4);
  });

  it("keeps a cut set in Python where it was put", async () => {
    const { model } = openReplayed(replayed({ outlier_threshold: 0.5 }));
    const e = new Extractor(decodeFitted(scalars, arrays));
    model.set("min_cluster_size", 8);
    model.save_changes();
    await tick();
    expect(model.get("outlier_threshold")).toBe(0.5);
    expect(model.get("summary").n_potential_outliers).toBe(countOnes(e.evaluate(8, model.get("duplicate_threshold"), 0.5).isPotentialOutlier));
  });

  it("keeps the kernel's exclusions and label flags", () => {
    const { model } = openReplayed(replayed());
    expect(model.get("edit_state").n_excluded).toBe(1);
    expect(model.get("summary").n_label_disagreements).toBe(1);
  });

  it("says why the sliders cannot re-cluster when no fitted state was saved", () => {
    const { model, session } = openReplayed(replayed({ fitted: {} }));
    expect(session).toBeNull();
    expect(model.get("error")).toBe(NO_FITTED_STATE);
    expect(model.get("seq")).toBe(1); // Python's last result, as saved
  });
});

describe("a label typed in a kernel-less view", () => {
  it("gets a code past every code in use, named or not", () => {
    const codes = Int32Array.from([0, 5, 2]);
    const edits = new LocalEdits(codes, new Uint8Array(3), codes, { 0: "a", 5: "b" }, [0, 1, 2, 3, 4, 5]);
    expect(edits.codeOf("b")).toBe(5);
    expect(edits.codeOf("new")).toBe(6);
    expect(edits.rank.length).toBe(7);
  });
});

function countOnes(a: Uint8Array): number {
  let k = 0;
  for (const v of a) k += v;
  return k;
}
