// An Extraction (../extract/) -> the trait values Python's _serialization.py
// would send for it: int32 clusters, uint8 flags, link pairs and kinds, summary.
import { FLAG_DUPLICATE, FLAG_LABEL_DISAGREEMENT, FLAG_NEAR_DUPLICATE, FLAG_OUTLIER, FLAG_POTENTIAL_OUTLIER } from "../flags";
import { LINK_EXACT, LINK_NEAR } from "../links";
import type { Extraction } from "../extract/extractor";
import type { LabelCheck } from "../extract/labelcheck";
import type { Summary } from "../model/traits";

export interface EncodedResult {
  clusters: DataView;
  flags: DataView;
  links: DataView;
  link_kinds: DataView;
  color_slots: DataView;
  summary: Summary;
}

const view = (a: ArrayBufferView): DataView => new DataView(a.buffer, a.byteOffset, a.byteLength);

/**
 * @param reviewFlags  bits the findings do not set (excluded, relabelled), ORed in; null for none
 */
export function encodeExtraction(
  r: Extraction, exactThreshold: number, check: LabelCheck | null, reviewFlags: Uint8Array | null,
): EncodedResult {
  // locals: some of r's arrays are getters (made when first read)
  const labels = r.labels, potential = r.isPotentialOutlier, exact = r.duplicateGroup, near = r.nearDuplicateGroup;
  const n = labels.length;
  const flags = new Uint8Array(n);
  const keep = ~(FLAG_LABEL_DISAGREEMENT | 15);
  let nOutliers = 0, nPotential = 0;
  for (let i = 0; i < n; i++) {
    let f = reviewFlags ? reviewFlags[i] & keep : 0;
    if (labels[i] < 0) { f |= FLAG_OUTLIER; nOutliers++; }
    if (potential[i]) { f |= FLAG_POTENTIAL_OUTLIER; nPotential++; }
    if (exact[i] >= 0) f |= FLAG_DUPLICATE;
    if (near[i] >= 0) f |= FLAG_NEAR_DUPLICATE;
    flags[i] = f;
  }
  let nDisagree: number | undefined;
  if (check) {
    for (let i = 0; i < n; i++) if (check.isDisagreement[i]) flags[i] |= FLAG_LABEL_DISAGREEMENT;
    nDisagree = check.count;
  }
  const nExact = r.duplicateLinks.length >> 1, nNear = r.nearDuplicateLinks.length >> 1;
  const links = new Int32Array(2 * (nExact + nNear));
  links.set(r.duplicateLinks);
  links.set(r.nearDuplicateLinks, 2 * nExact);
  const kinds = new Uint8Array(nExact + nNear).fill(LINK_NEAR);
  kinds.fill(LINK_EXACT, 0, nExact);
  const summary: Summary = {
    n_samples: n,
    n_clusters: r.nClusters,
    n_outliers: nOutliers,
    n_potential_outliers: nPotential,
    n_duplicate_groups: r.nDuplicateGroups,
    n_near_duplicate_groups: r.nNearDuplicateGroups,
    min_cluster_size: r.minClusterSize,
    duplicate_threshold: r.duplicateThreshold,
    exact_threshold: exactThreshold,
    outlier_threshold: r.outlierThreshold,
    ...(nDisagree === undefined ? {} : { n_label_disagreements: nDisagree }),
  };
  return {
    clusters: view(r.labels), flags: view(flags), links: view(links), link_kinds: view(kinds), color_slots: view(r.colorSlots),
    summary,
  };
}
