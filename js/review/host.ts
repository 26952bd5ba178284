// What the review panel needs from the explorer around it: the plot's colours,
// the selection, and the rings and neighbour marks it draws on the scatter.
export interface ReviewHost {
  hasImages: boolean;
  colorOf(index: number): string; // the sample's colour in the plot (CSS), "" if grey
  selection(): Uint32Array;
  /** Ring the item's samples (null: none), centring and zooming on them if `moveView`. */
  showItem(members: Int32Array | null, moveView: boolean): void;
  /** Mark the current item's nearest neighbours; `fit`: zoom out to show them too. */
  showNeighbours(indices: number[], fit: boolean): void;
}
