// A uniform grid over the (static) 2-D positions, built once in O(N) by
// counting sort. Answers nearest-point, rectangle and polygon queries without
// scanning every point, which keeps hover and lasso fast at a million points.

export class GridIndex {
  readonly n: number;
  readonly minX: number; readonly minY: number;
  readonly cell: number; // cell side, data units
  readonly cols: number; readonly rows: number;
  private readonly start: Uint32Array; // cell c holds items[start[c] .. start[c+1])
  private readonly items: Uint32Array;

  constructor(readonly positions: Float32Array) {
    const n = (this.n = positions.length >> 1);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const x = positions[2 * i], y = positions[2 * i + 1];
      if (x < minX) minX = x; if (x > maxX) maxX = x;
      if (y < minY) minY = y; if (y > maxY) maxY = y;
    }
    if (n === 0) { minX = minY = 0; maxX = maxY = 1; }
    const span = Math.max(maxX - minX, maxY - minY, 1e-12);
    const side = Math.max(1, Math.min(2048, Math.ceil(Math.sqrt(n / 4)))); // ~4 points per cell
    this.cell = (span / side) * (1 + 1e-6);
    this.minX = minX; this.minY = minY;
    this.cols = Math.max(1, Math.ceil((maxX - minX) / this.cell) + 1);
    this.rows = Math.max(1, Math.ceil((maxY - minY) / this.cell) + 1);
    const cells = this.cols * this.rows;
    const cellOf = new Uint32Array(n);
    const start = new Uint32Array(cells + 1);
    for (let i = 0; i < n; i++) {
      const c = this.cellIndex(positions[2 * i], positions[2 * i + 1]);
      cellOf[i] = c;
      start[c + 1]++;
    }
    for (let c = 0; c < cells; c++) start[c + 1] += start[c];
    const fill = start.slice(0, cells);
    const items = new Uint32Array(n);
    for (let i = 0; i < n; i++) items[fill[cellOf[i]]++] = i;
    this.start = start; this.items = items;
  }

  private col(x: number): number { return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cell))); }
  private row(y: number): number { return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cell))); }
  private cellIndex(x: number, y: number): number { return this.row(y) * this.cols + this.col(x); }

  /** Visit every point whose cell overlaps the rectangle (a superset of the points inside it). */
  private forCandidates(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    const c0 = this.col(x0), c1 = this.col(x1), r0 = this.row(y0), r1 = this.row(y1);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.cols + c;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) visit(this.items[k]);
      }
    }
  }

  /** Nearest point within `radius` of (x, y) passing `accept`, or -1. Ties -> lower index. */
  nearest(x: number, y: number, radius: number, accept: (i: number) => boolean = () => true): number {
    let best = -1, bestD = radius * radius;
    const p = this.positions;
    this.forCandidates(x - radius, y - radius, x + radius, y + radius, (i) => {
      const dx = p[2 * i] - x, dy = p[2 * i + 1] - y;
      const d = dx * dx + dy * dy;
      if ((d < bestD || (d === bestD && i < best)) && accept(i)) { best = i; bestD = d; }
    });
    return best;
  }

  /** Sorted indices of the points inside the rectangle. */
  inRect(x0: number, y0: number, x1: number, y1: number, accept: (i: number) => boolean = () => true): Uint32Array {
    const lx = Math.min(x0, x1), hx = Math.max(x0, x1), ly = Math.min(y0, y1), hy = Math.max(y0, y1);
    const out: number[] = [];
    const p = this.positions;
    this.forCandidates(lx, ly, hx, hy, (i) => {
      const x = p[2 * i], y = p[2 * i + 1];
      if (x >= lx && x <= hx && y >= ly && y <= hy && accept(i)) out.push(i);
    });
    return Uint32Array.from(out).sort();
  }

  /** Sorted indices of the points inside the polygon (flat [x0, y0, x1, y1, ...]). */
  inPolygon(poly: ArrayLike<number>, accept: (i: number) => boolean = () => true): Uint32Array {
    if (poly.length < 6) return new Uint32Array(0);
    let lx = Infinity, ly = Infinity, hx = -Infinity, hy = -Infinity;
    for (let k = 0; k < poly.length; k += 2) {
      lx = Math.min(lx, poly[k]); hx = Math.max(hx, poly[k]);
      ly = Math.min(ly, poly[k + 1]); hy = Math.max(hy, poly[k + 1]);
    }
    const out: number[] = [];
    const p = this.positions;
    this.forCandidates(lx, ly, hx, hy, (i) => {
      if (pointInPolygon(p[2 * i], p[2 * i + 1], poly) && accept(i)) out.push(i);
    });
    return Uint32Array.from(out).sort();
  }
}

/** Even-odd rule ray casting; poly is flat [x0, y0, x1, y1, ...], implicitly closed. */
export function pointInPolygon(x: number, y: number, poly: ArrayLike<number>): boolean {
  let inside = false;
  const m = poly.length >> 1;
  for (let a = 0, b = m - 1; a < m; b = a++) {
    const ax = poly[2 * a], ay = poly[2 * a + 1], bx = poly[2 * b], by = poly[2 * b + 1];
    if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
  }
  return inside;
}

/** Drop lasso points closer than `minDist` to the previous kept one (keeps polygon tests cheap). */
export function simplifyPath(points: number[], minDist: number): number[] {
  if (points.length <= 4) return points.slice();
  const out = [points[0], points[1]];
  const d2 = minDist * minDist;
  for (let k = 2; k < points.length; k += 2) {
    const dx = points[k] - out[out.length - 2], dy = points[k + 1] - out[out.length - 1];
    if (dx * dx + dy * dy >= d2) out.push(points[k], points[k + 1]);
  }
  return out;
}
