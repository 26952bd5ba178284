// The four findings as ClusterResult's mapping has them (engine/_result.py):
// sorted sample lists, and sorted lists of sorted groups.
import type { Extraction } from "./extractor";

export interface Findings {
  outliers: number[];
  potential_outliers: number[];
  duplicates: number[][];
  near_duplicates: number[][];
}

/** Sorted members of each group id (groups are numbered by their lowest sample, so this is sorted too). */
export function groupLists(group: Int32Array, nGroups: number): number[][] {
  const lists: number[][] = Array.from({ length: nGroups }, () => []);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) lists[group[i]].push(i);
  return lists;
}

export function findings(r: Extraction): Findings {
  const outliers: number[] = [], potential: number[] = [];
  const labels = r.labels, isPotential = r.isPotentialOutlier; // (a getter: read once)
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) outliers.push(i);
    if (isPotential[i]) potential.push(i);
  }
  return {
    outliers, potential_outliers: potential,
    duplicates: groupLists(r.duplicateGroup, r.nDuplicateGroups),
    near_duplicates: groupLists(r.nearDuplicateGroup, r.nNearDuplicateGroups),
  };
}
