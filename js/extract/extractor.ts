// Clusterer.evaluate() in the browser: the findings for any min_cluster_size and
// duplicate_threshold from the fitted state (fitted.ts), with the parts that do
// not depend on the parameters (exact duplicates, the sample -> point map)
// computed once. engine/_clusterer.py is the reference; fixtures/ checks it.
import { condense } from "./condense";
import {
  componentsPrefix, edgeLinks, Groups, prefixLength, representatives, sampleGroups, within,
} from "./duplicates";
import type { Fitted } from "./fitted";
import { labelPoints } from "./label";
import { defaultOutlierThreshold, NO_POTENTIAL, potentialOutliers } from "./outliers";
import { selectEom } from "./select";

/** The cluster half of a result (per sample), before the potential-outlier cut. */
export interface ClusterPart {
  labels: Int32Array;
  probabilities: Float64Array;
  outlierScores: Float64Array;
  nClusters: number;
  defaultOutlierThreshold: number;
}

/** The duplicate half of a result (per sample; links are sample-index pairs). */
export interface DuplicatePart {
  nearDuplicateGroup: Int32Array;
  nNearDuplicateGroups: number;
  nearDuplicateLinks: Int32Array;
}

export interface Extraction extends ClusterPart, DuplicatePart {
  isPotentialOutlier: Uint8Array;
  outlierThreshold: number;
  minClusterSize: number;
  duplicateThreshold: number;
  duplicateGroup: Int32Array;
  nDuplicateGroups: number;
  duplicateLinks: Int32Array;
}

export class Extractor {
  readonly exactRow: Int32Array; // distinct row -> its exact-duplicate group (a row id)
  readonly exact: Groups; // sample -> exact-duplicate group
  readonly exactLinks: Int32Array;
  readonly sampleToPoint: Int32Array;
  readonly pointWeight: Int32Array; // samples each clustered point stands for
  private readonly rep: Int32Array;
  private readonly nExactEdges: number;

  constructor(readonly fitted: Fitted) {
    const f = fitted;
    this.rep = representatives(f.inverse, f.n_rows);
    this.nExactEdges = prefixLength(f.forestW, within(f.exact_cut, f.tie_atol, f.tie_rtol));
    this.exactRow = componentsPrefix(f.forestA, f.forestB, this.nExactEdges, f.n_rows);
    this.exact = sampleGroups(this.exactRow, f.inverse, this.exactRow, false);
    // one clustered point per exact-duplicate group, numbered in row order
    const rowToPoint = new Int32Array(f.n_rows).fill(-1);
    let nPoints = 0;
    for (let r = 0; r < f.n_rows; r++) if (this.exactRow[r] === r) rowToPoint[r] = nPoints++;
    if (f.n_rows >= 2 && nPoints !== f.n_points) throw new Error("fitted state: point count mismatch");
    this.sampleToPoint = new Int32Array(f.n_samples);
    for (let i = 0; i < f.n_samples; i++) this.sampleToPoint[i] = rowToPoint[this.exactRow[f.inverse[i]]];
    this.pointWeight = new Int32Array(Math.max(nPoints, 0));
    for (let i = 0; i < f.n_samples; i++) if (this.sampleToPoint[i] >= 0) this.pointWeight[this.sampleToPoint[i]]++;
    this.exactLinks = this.makeExactLinks();
  }

  private makeExactLinks(): Int32Array {
    const { inverse } = this.fitted;
    const copies: number[] = [];
    for (let i = 0; i < inverse.length; i++) {
      const own = this.rep[inverse[i]];
      if (own !== i) copies.push(own, i);
    }
    const forest = edgeLinks(this.fitted.forestA, this.fitted.forestB, this.rep, 0, this.nExactEdges);
    const out = new Int32Array(copies.length + forest.length);
    out.set(copies);
    out.set(forest, copies.length);
    return out;
  }

  /** Memoized: an outlier_threshold or duplicate_threshold move reuses the last extraction. */
  clusters(minClusterSize: number): ClusterPart {
    if (this.last?.[0] !== minClusterSize) this.last = [minClusterSize, this.extractClusters(minClusterSize)];
    return this.last[1];
  }

  private last: [number, ClusterPart] | null = null;

  private extractClusters(minClusterSize: number): ClusterPart {
    const f = this.fitted;
    const n = f.n_samples;
    if (f.n_points < 2 || f.n_rows < 2) { // fewer than two distinct rows: one cluster (or none)
      return {
        labels: new Int32Array(n), probabilities: new Float64Array(n).fill(1),
        outlierScores: new Float64Array(n), nClusters: n ? 1 : 0, defaultOutlierThreshold: NO_POTENTIAL,
      };
    }
    const np = f.n_points;
    const tree = condense(f.treeLeft, f.treeRight, f.treeDistance, f.treeSize, this.pointWeight, np, minClusterSize);
    const pts = labelPoints(tree, np, selectEom(tree, np), minClusterSize);
    const labels = new Int32Array(n), probabilities = new Float64Array(n), outlierScores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = this.sampleToPoint[i];
      labels[i] = pts.labels[p];
      probabilities[i] = pts.probabilities[p];
      outlierScores[i] = pts.scores[p];
    }
    return { labels, probabilities, outlierScores, nClusters: pts.nClusters,
      defaultOutlierThreshold: defaultOutlierThreshold(outlierScores, labels) };
  }

  /** Near duplicates at a threshold in data units (the duplicate_threshold slider); memoized like clusters(). */
  duplicates(duplicateThreshold: number): DuplicatePart {
    if (this.lastDup?.[0] !== duplicateThreshold) this.lastDup = [duplicateThreshold, this.extractDuplicates(duplicateThreshold)];
    return this.lastDup[1];
  }

  private lastDup: [number, DuplicatePart] | null = null;

  private extractDuplicates(duplicateThreshold: number): DuplicatePart {
    const f = this.fitted;
    if (f.n_rows < 2) {
      return { nearDuplicateGroup: new Int32Array(f.n_samples).fill(-1), nNearDuplicateGroups: 0,
        nearDuplicateLinks: new Int32Array(0) };
    }
    const m = prefixLength(f.forestW, within(duplicateThreshold / f.scale, f.tie_atol, f.tie_rtol));
    const comp = componentsPrefix(f.forestA, f.forestB, m, f.n_rows);
    const near = sampleGroups(comp, f.inverse, this.exactRow, true);
    const links = edgeLinks(f.forestA, f.forestB, this.rep, Math.min(this.nExactEdges, m), m);
    return { nearDuplicateGroup: near.group, nNearDuplicateGroups: near.nGroups, nearDuplicateLinks: links };
  }

  /** outlierThreshold null: the default rule for this extraction. */
  evaluate(minClusterSize: number, duplicateThreshold: number, outlierThreshold: number | null = null): Extraction {
    const part = this.clusters(minClusterSize);
    const cut = outlierThreshold ?? part.defaultOutlierThreshold;
    return {
      ...part,
      isPotentialOutlier: potentialOutliers(part.outlierScores, part.labels, cut),
      outlierThreshold: cut,
      ...this.duplicates(duplicateThreshold),
      minClusterSize, duplicateThreshold,
      duplicateGroup: this.exact.group, nDuplicateGroups: this.exact.nGroups, duplicateLinks: this.exactLinks,
    };
  }
}
