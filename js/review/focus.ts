// Centre and zoom the scatter on a review item: fit its points' box with a
// margin, zoomed in at least MIN_ZOOM and at most MAX_ZOOM times the
// fit-everything scale (a single point or an exact-duplicate group has an
// empty box: it gets DEFAULT_ZOOM).

export const MIN_ZOOM = 2;
export const DEFAULT_ZOOM = 8;
export const MAX_ZOOM = 64;

export interface View { s: number; tx: number; ty: number }

/**
 * @param xy        interleaved positions of all points
 * @param members   the item's point indices
 * @param width     plot width, CSS px
 * @param height    plot height, CSS px
 * @param fitScale  camera scale that fits every point
 */
export function focusView(xy: Float32Array, members: ArrayLike<number>, width: number, height: number, fitScale: number): View | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let k = 0; k < members.length; k++) {
    const i = members[k];
    if (2 * i + 1 >= xy.length) continue;
    const x = xy[2 * i], y = xy[2 * i + 1];
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) return null;
  const bw = maxX - minX, bh = maxY - minY;
  const margin = 3; // the box takes a third of the plot: its surroundings stay in view
  let s = bw > 0 || bh > 0
    ? Math.min(width / Math.max(bw * margin, 1e-12), height / Math.max(bh * margin, 1e-12))
    : fitScale * DEFAULT_ZOOM;
  s = Math.min(fitScale * MAX_ZOOM, Math.max(fitScale * MIN_ZOOM, s));
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  return { s, tx: width / 2 - s * cx, ty: height / 2 + s * cy };
}

/**
 * Zoom out about the view's centre (the item) just enough that `indices`
 * (its nearest neighbours) are on screen too, but never below MIN_ZOOM: in a
 * 2-D projection, neighbours in the data space can be far away.
 */
export function includeView(view: View, xy: Float32Array, indices: ArrayLike<number>, width: number, height: number,
  fitScale: number, padPx = 24): View {
  const cx = (width / 2 - view.tx) / view.s, cy = (view.ty - height / 2) / view.s;
  let dx = 0, dy = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    if (2 * i + 1 >= xy.length) continue;
    dx = Math.max(dx, Math.abs(xy[2 * i] - cx));
    dy = Math.max(dy, Math.abs(xy[2 * i + 1] - cy));
  }
  const fits = Math.min(dx > 0 ? (width / 2 - padPx) / dx : Infinity, dy > 0 ? (height / 2 - padPx) / dy : Infinity);
  const s = Math.max(fitScale * MIN_ZOOM, Math.min(view.s, fits));
  return { s, tx: width / 2 - s * cx, ty: height / 2 + s * cy };
}
