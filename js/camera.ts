// Pan/zoom state: screen = (tx + s*x, ty - s*y) in CSS pixels (y down), data y up.

export interface Bounds { minX: number; minY: number; maxX: number; maxY: number }

export class Camera {
  s = 1; tx = 0; ty = 0;
  width = 1; height = 1;

  resize(width: number, height: number): void {
    // keep the data point at the centre where it was
    const [cx, cy] = this.toData(this.width / 2, this.height / 2);
    this.width = Math.max(1, width); this.height = Math.max(1, height);
    this.tx = this.width / 2 - this.s * cx;
    this.ty = this.height / 2 + this.s * cy;
  }

  fit(b: Bounds, margin = 0.06): void {
    const bw = Math.max(b.maxX - b.minX, 1e-9), bh = Math.max(b.maxY - b.minY, 1e-9);
    this.s = (1 - 2 * margin) * Math.min(this.width / bw, this.height / bh);
    this.tx = this.width / 2 - this.s * (b.minX + b.maxX) / 2;
    this.ty = this.height / 2 + this.s * (b.minY + b.maxY) / 2;
  }

  toScreen(x: number, y: number): [number, number] { return [this.tx + this.s * x, this.ty - this.s * y]; }
  toData(px: number, py: number): [number, number] { return [(px - this.tx) / this.s, (this.ty - py) / this.s]; }

  /** Zoom by `factor` keeping the data point under (px, py) fixed. */
  zoomAt(px: number, py: number, factor: number, minS = 1e-6, maxS = 1e9): void {
    const [x, y] = this.toData(px, py);
    this.s = Math.min(maxS, Math.max(minS, this.s * factor));
    this.tx = px - this.s * x;
    this.ty = py + this.s * y;
  }

  pan(dx: number, dy: number): void { this.tx += dx; this.ty += dy; }

  /** (a, b, c, d) with clip = (a*x + b, c*y + d), for the vertex shaders. */
  clipTransform(): [number, number, number, number] {
    return [2 * this.s / this.width, 2 * this.tx / this.width - 1, 2 * this.s / this.height, 1 - 2 * this.ty / this.height];
  }
}

export function boundsOf(positions: Float32Array): Bounds {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < positions.length; i += 2) {
    const x = positions[i], y = positions[i + 1];
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) return { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  return { minX, minY, maxX, maxY };
}
