// Clusterer.evaluate() in the browser: the findings for any min_cluster_size and
// duplicate_threshold from the fitted state (fitted.ts). What does not depend on
// the parameters (exact duplicates, the sample -> point map, colour slots of the
// tree, scratch memory) is prepared once; a min_cluster_size move re-extracts
// clusters only, a duplicate_threshold move near duplicates only, and an
// outlier_threshold move compares cached scores. engine/_clusterer.py is the
// reference; fixtures/ checks it.
import { ClusterInput, ClusterPart, extractClusters } from "./clusters";
import { nodeSlots } from "./colorslots";
import { CondenseWork } from "./condense";
import { mergeTable } from "./mergetable";
import {
  componentsPrefix, edgeLinks, exactGroups, Groups, NearGroups, prefixLength, rowSamples, within,
} from "./duplicates";
import type { Fitted } from "./fitted";

export { ClusterPart } from "./clusters";

/** The duplicate half of a result (per sample; links are sample-index pairs). */
export interface DuplicatePart {
  nearDuplicateGroup: Int32Array;
  nNearDuplicateGroups: number;
  nearDuplicateLinks: Int32Array;
}

/** One result, as ClusterResult has it (per sample). */
export interface Extraction extends DuplicatePart {
  readonly labels: Int32Array;
  readonly probabilities: Float64Array; // gathered when first read
  readonly outlierScores: Float64Array; // gathered when first read
  readonly nClusters: number;
  readonly colorSlots: Int32Array; // colour slot per cluster label (README, "Cluster colours")
  readonly isPotentialOutlier: Uint8Array; // made when first read
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
  private readonly rep: Int32Array;
  private readonly nExactEdges: number;
  private readonly input: ClusterInput;
  private readonly near: NearGroups;
  private readonly memo: Array<[number, ClusterPart]> = []; // the last two: the preview's and Python's
  private lastDup: [number, DuplicatePart] | null = null;

  constructor(readonly fitted: Fitted) {
    const f = fitted, nRows = f.n_rows;
    const rows = rowSamples(f.inverse, nRows); // (the samples of each row: the one pass over samples to group them)
    this.rep = new Int32Array(nRows);
    for (let r = 0; r < nRows; r++) this.rep[r] = rows.samples[rows.start[r]];
    this.nExactEdges = prefixLength(f.forestW, within(f.exact_cut, f.tie_atol, f.tie_rtol));
    this.exactRow = componentsPrefix(f.forestA, f.forestB, this.nExactEdges, nRows);
    this.exact = exactGroups(this.exactRow, rows.start, rows.samples);
    // one clustered point per exact-duplicate group, numbered in row order, standing for its samples
    const rowToPoint = new Int32Array(nRows);
    let nPoints = 0;
    for (let r = 0; r < nRows; r++) if (this.exactRow[r] === r) rowToPoint[r] = nPoints++;
    if (nRows >= 2 && nPoints !== f.n_points) throw new Error("fitted state: point count mismatch");
    const weight = new Int32Array(nPoints);
    for (let r = 0; r < nRows; r++) {
      rowToPoint[r] = rowToPoint[this.exactRow[r]];
      weight[rowToPoint[r]] += rows.start[r + 1] - rows.start[r];
    }
    const np = f.n_points >= 2 && nRows >= 2 ? f.n_points : Math.min(nPoints, 1);
    const merges = mergeTable(f.treeLeft, f.treeRight, f.treeDistance, f.treeSize, weight, np);
    for (let r = 0; r < nRows; r++) rowToPoint[r] = merges.leafOf[rowToPoint[r]]; // now: row -> leaf
    // sample -> leaf, and the copy links (each sample after the first of its row, linked to the first)
    const sampleToLeaf = new Int32Array(f.n_samples);
    const forest = edgeLinks(f.forestA, f.forestB, this.rep, 0, this.nExactEdges);
    const links = new Int32Array(2 * (f.n_samples - nRows) + forest.length);
    for (let i = 0, k = 0; i < f.n_samples; i++) {
      const u = f.inverse[i], own = this.rep[u];
      sampleToLeaf[i] = rowToPoint[u];
      if (own !== i) { links[k++] = own; links[k++] = i; }
    }
    links.set(forest, 2 * (f.n_samples - nRows));
    this.exactLinks = links;
    this.input = {
      merges, nPoints: np, pointWeight: merges.weight, sampleToPoint: sampleToLeaf,
      slotOfNode: np >= 2 ? nodeSlots(f.treeLeft, f.treeRight, f.treeDistance, f.treeSize, np) : new Int32Array(0),
      work: new CondenseWork(np >= 2 ? np : 0),
    };
    this.near = new NearGroups(f.forestA, f.forestB, this.nExactEdges, rows.start, rows.samples);
  }

  /** Memoized (the last two sizes): an outlier_threshold or duplicate_threshold move reuses the extraction. */
  clusters(minClusterSize: number): ClusterPart {
    const hit = this.memo.find(([m]) => m === minClusterSize);
    if (hit) return hit[1];
    const part = extractClusters(this.input, minClusterSize);
    this.memo.unshift([minClusterSize, part]);
    this.memo.length = Math.min(this.memo.length, 2);
    return part;
  }

  /** Near duplicates at a threshold in data units (the duplicate_threshold slider); memoized like clusters(). */
  duplicates(duplicateThreshold: number): DuplicatePart {
    if (this.lastDup?.[0] !== duplicateThreshold) this.lastDup = [duplicateThreshold, this.extractDuplicates(duplicateThreshold)];
    return this.lastDup[1];
  }

  private extractDuplicates(duplicateThreshold: number): DuplicatePart {
    const f = this.fitted;
    if (f.n_rows < 2) {
      return { nearDuplicateGroup: new Int32Array(f.n_samples).fill(-1), nNearDuplicateGroups: 0,
        nearDuplicateLinks: new Int32Array(0) };
    }
    const m = prefixLength(f.forestW, within(duplicateThreshold / f.scale, f.tie_atol, f.tie_rtol));
    const near = this.near.groups(m, f.n_samples);
    const links = edgeLinks(f.forestA, f.forestB, this.rep, Math.min(this.nExactEdges, m), m);
    return { nearDuplicateGroup: near.group, nNearDuplicateGroups: near.nGroups, nearDuplicateLinks: links };
  }

  /** outlierThreshold null: the default rule for this extraction. */
  evaluate(minClusterSize: number, duplicateThreshold: number, outlierThreshold: number | null = null): Extraction {
    const part = this.clusters(minClusterSize);
    const dup = this.duplicates(duplicateThreshold);
    const cut = outlierThreshold ?? part.defaultOutlierThreshold;
    return {
      labels: part.labels, nClusters: part.nClusters, colorSlots: part.colorSlots,
      get probabilities() { return part.probabilities; },
      get outlierScores() { return part.outlierScores; },
      get isPotentialOutlier() { return part.potentialOutliers(cut); },
      outlierThreshold: cut,
      nearDuplicateGroup: dup.nearDuplicateGroup, nNearDuplicateGroups: dup.nNearDuplicateGroups,
      nearDuplicateLinks: dup.nearDuplicateLinks,
      minClusterSize, duplicateThreshold,
      duplicateGroup: this.exact.group, nDuplicateGroups: this.exact.nGroups, duplicateLinks: this.exactLinks,
    };
  }
}
