// data-* attributes written on the widget's root after every frame, so tests
// (and benchmarks) can wait for a state instead of sleeping. The render count
// is written last: when it changes, everything else is already current.
import type { ResultArrays } from "./model/traits";

export interface Shown { result: ResultArrays | null; nPoints: number; nSelected: number; busy: boolean; renders: number }

export function publishAttributes(root: HTMLElement, s: Shown): void {
  const d = root.dataset;
  const r = s.result;
  if (r) {
    const m = r.summary;
    d.seq = String(r.seq);
    d.minClusterSize = String(m.min_cluster_size);
    d.duplicateThreshold = String(m.duplicate_threshold);
    d.outlierThreshold = String(m.outlier_threshold);
    d.nClusters = String(m.n_clusters);
    d.nOutliers = String(m.n_outliers);
    d.nPotentialOutliers = String(m.n_potential_outliers);
    d.nDuplicateGroups = String(m.n_duplicate_groups);
    d.nNearDuplicateGroups = String(m.n_near_duplicate_groups);
    d.nLinks = String(r.linkKinds.length);
    d.nLabelDisagreements = String(m.n_label_disagreements ?? 0);
  }
  d.nPoints = String(s.nPoints);
  d.nSelected = String(s.nSelected);
  d.busy = String(s.busy);
  d.renderCount = String(s.renders);
}
