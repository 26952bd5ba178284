// What one frame of the scatter is drawn with (the view's camera, colours and
// legend switches) and how it was drawn (for the view's data-* attributes).
export type Vec3 = [number, number, number];

/** How a frame drew its points: per-pixel from the id cache, a sample (view moving), or all of them. */
export type PointsMode = "cached" | "preview" | "direct";
export interface FrameInfo { points: PointsMode; allPoints: boolean; tint: number }

export interface DrawParams {
  clip: [number, number, number, number];
  pointSize: number; // device pixels
  paper: Vec3; ink: Vec3; noise: Vec3; exact: Vec3; near: Vec3; // 0..1 colours
  noiseVisible: boolean;
  hideFlags: number;
  showExactLinks: boolean;
  showNearLinks: boolean;
  showMarkers: boolean;
  dimUnselected: boolean;
  anyHidden: boolean; // some category or cluster is switched off in the legend
  moving: boolean; // the view is being panned or zoomed
}
