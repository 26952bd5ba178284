// The cluster half of Clusterer.evaluate() for one min_cluster_size: the
// condensed tree, excess-of-mass selection, labels, probabilities, GLOSH scores,
// the default outlier_threshold and the colour slots, all computed per point
// (one per exact-duplicate group); per-sample arrays are gathered from them,
// the ones a frame does not draw (probabilities, scores) only when first read.
import { clusterSlots } from "./colorslots";
import { condense, CondenseWork } from "./condense";
import type { MergeTable } from "./mergetable";
import { labelPoints, PointLabels } from "./label";
import { defaultOutlierThresholdWeighted, NO_POTENTIAL } from "./outliers";
import { selectEom } from "./select";

/** What a clustering needs from the fit, prepared once (see Extractor). */
export interface ClusterInput {
  merges: MergeTable; // the single-linkage tree
  nPoints: number;
  pointWeight: Int32Array; // samples each point stands for
  sampleToPoint: Int32Array;
  slotOfNode: Int32Array; // colour slot of every tree merge (colorslots.ts)
  work: CondenseWork;
}

export class ClusterPart {
  readonly labels: Int32Array; // per sample
  readonly nClusters: number;
  readonly colorSlots: Int32Array; // per cluster label
  readonly defaultOutlierThreshold: number;
  private probs: Float64Array | null = null;
  private scores: Float64Array | null = null;
  private potential: [number, Uint8Array] | null = null;

  constructor(readonly points: PointLabels, private readonly sampleToPoint: Int32Array, colorSlots: Int32Array,
    pointWeight: Int32Array) {
    const s2p = sampleToPoint, n = s2p.length, pl = points.labels;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = pl[s2p[i]];
    this.labels = labels;
    this.nClusters = points.nClusters;
    this.colorSlots = colorSlots;
    this.defaultOutlierThreshold = points.nClusters
      ? defaultOutlierThresholdWeighted(points.scores, pl, pointWeight) : NO_POTENTIAL;
  }

  get probabilities(): Float64Array { return (this.probs ??= this.gather(this.points.probabilities)); }
  get outlierScores(): Float64Array { return (this.scores ??= this.gather(this.points.scores)); }

  /** Per sample: clustered with a GLOSH score of at least cut (engine/_outliers.py); memoized for the last cut. */
  potentialOutliers(cut: number): Uint8Array {
    if (this.potential?.[0] !== cut) {
      const { labels: pl, scores } = this.points, np = pl.length;
      const flagged = new Uint8Array(np);
      for (let p = 0; p < np; p++) flagged[p] = pl[p] >= 0 && scores[p] >= cut ? 1 : 0;
      const s2p = this.sampleToPoint, out = new Uint8Array(s2p.length);
      for (let i = 0; i < out.length; i++) out[i] = flagged[s2p[i]];
      this.potential = [cut, out];
    }
    return this.potential[1];
  }

  private gather(perPoint: Float64Array): Float64Array {
    const s2p = this.sampleToPoint, out = new Float64Array(s2p.length);
    for (let i = 0; i < out.length; i++) out[i] = perPoint[s2p[i]];
    return out;
  }
}

export function extractClusters(f: ClusterInput, minClusterSize: number): ClusterPart {
  const np = f.nPoints;
  if (np < 2) { // fewer than two distinct rows: one cluster (or none)
    const k = f.sampleToPoint.length ? 1 : 0;
    const points: PointLabels = { labels: new Int32Array(np), probabilities: new Float64Array(np).fill(1),
      scores: new Float64Array(np), nClusters: k };
    return new ClusterPart(points, f.sampleToPoint, new Int32Array(k), f.pointWeight);
  }
  const tree = condense(f.merges, minClusterSize, f.work);
  const selected = selectEom(tree);
  const points = labelPoints(tree, np, selected, f.pointWeight, minClusterSize);
  const slots = clusterSlots(f.slotOfNode, tree.bornAt, tree.byBfs, selected, points.nClusters);
  return new ClusterPart(points, f.sampleToPoint, slots, f.pointWeight);
}
