// The WebGL scatter: canvas sizing, camera, drawing, and picking points by
// screen position, rectangle or lasso (mouse handling is in pointer.ts).
import { Camera, boundsOf, Bounds } from "./camera";
import { Renderer } from "./gl/renderer";
import type { DrawParams, FrameInfo } from "./gl/frame";
import { GridIndex, simplifyPath } from "./spatial";
import { PointerInput } from "./pointer";
import type { Theme } from "./theme";

export type Tool = "pan" | "lasso" | "box";
export type SelectMode = "replace" | "add" | "toggle";

export interface ScatterEvents {
  hover(index: number, clientX: number, clientY: number): void;
  select(picked: Uint32Array, mode: SelectMode): void;
  drawn(info: FrameInfo | null): void;
}

export type Look = Omit<DrawParams, "clip" | "pointSize" | keyof Theme | "paper" | "moving">;

/** The view counts as moving until it has rested this long (then every point is drawn). */
const SETTLE_MS = 150;

/** Base point diameter in CSS px: big for small data, 1-2 px at a million points. */
export function basePointSize(n: number): number {
  return Math.max(2, Math.min(10, 28 / Math.pow(Math.max(n, 1), 0.22)));
}

export class Scatter {
  readonly root: HTMLDivElement;
  readonly canvas: HTMLCanvasElement;
  readonly overlay: HTMLCanvasElement;
  readonly camera = new Camera();
  renderer: Renderer | null = null;
  grid: GridIndex | null = null;
  tool: Tool = "pan";
  theme: Theme | null = null;
  look: Look = { noiseVisible: true, hideFlags: 0, showExactLinks: true, showNearLinks: true, showMarkers: true, dimUnselected: false, anyHidden: false };
  /** Points that may be hovered / picked (the view hides legend categories through this). */
  pickable: (i: number) => boolean = () => true;
  private bounds: Bounds = { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  fitScale = 1;
  private n = 0;
  private frame = 0;
  private lastMove = -Infinity;
  private settle = 0;
  private readonly input: PointerInput;
  private readonly cleanups: Array<() => void> = [];

  constructor(readonly events: ScatterEvents, height: number) {
    this.root = document.createElement("div");
    this.root.className = "hdbscope-scatter";
    this.root.style.height = `${height}px`;
    this.canvas = document.createElement("canvas");
    this.canvas.className = "hdbscope-canvas";
    this.overlay = document.createElement("canvas");
    this.overlay.className = "hdbscope-overlay";
    this.root.append(this.canvas, this.overlay);
    try {
      this.renderer = new Renderer(this.canvas);
    } catch (err) {
      const msg = document.createElement("div");
      msg.className = "hdbscope-error";
      msg.textContent = `Cannot draw the scatter: ${(err as Error).message}`;
      this.root.append(msg);
    }
    this.input = new PointerInput(this);
    const ro = new ResizeObserver(() => this.resize());
    ro.observe(this.root);
    this.cleanups.push(() => ro.disconnect());
  }

  get webgl(): boolean { return this.renderer !== null; }

  setPositions(pos: Float32Array): void {
    this.n = pos.length >> 1;
    this.bounds = boundsOf(pos);
    this.grid = new GridIndex(pos);
    this.renderer?.setPositions(pos);
    this.resetView();
  }

  resetView(): void {
    this.camera.fit(this.bounds);
    this.fitScale = this.camera.s;
    this.requestDraw();
  }

  resize(): void {
    const w = this.root.clientWidth, h = this.root.clientHeight;
    if (w === 0 || h === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const first = this.camera.width <= 1;
    for (const c of [this.canvas, this.overlay]) {
      c.width = Math.round(w * dpr);
      c.height = Math.round(h * dpr);
    }
    this.camera.resize(w, h);
    if (first) this.resetView();
    this.requestDraw();
  }

  /** Point diameter in CSS px at the current zoom. */
  pointSize(): number {
    const zoom = this.camera.s / this.fitScale;
    return basePointSize(this.n) * Math.min(2.5, Math.max(1, Math.sqrt(zoom)));
  }

  /** The camera moved (pan, zoom): draw now, and fully once the view rests. */
  cameraMoved(): void {
    this.lastMove = performance.now();
    clearTimeout(this.settle);
    this.settle = window.setTimeout(() => this.requestDraw(), SETTLE_MS + 10);
    this.requestDraw();
  }

  requestDraw(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.drawNow();
    });
  }

  drawNow(): void {
    // Publish "drawn" only after a real draw (or when there is no WebGL at all):
    // a frame skipped before the canvas has a size must not count as rendered.
    const renderer = this.renderer, theme = this.theme;
    const ready = renderer !== null && theme !== null && this.camera.width > 1;
    let info: FrameInfo | null = null;
    if (renderer && theme && ready) {
      const dpr = window.devicePixelRatio || 1;
      const { paper, ink, noise, exact, near } = theme;
      info = renderer.draw({
        ...this.look, paper, ink, noise, exact, near,
        clip: this.camera.clipTransform(),
        pointSize: this.pointSize() * dpr,
        moving: performance.now() - this.lastMove < SETTLE_MS,
      });
    }
    if (ready || !this.renderer) this.events.drawn(info);
  }

  /** Nearest pickable point to screen (x, y) within a few pixels, or -1. */
  pickAt(x: number, y: number): number {
    if (!this.grid) return -1;
    const [dx, dy] = this.camera.toData(x, y);
    const radius = Math.max(6, this.pointSize()) / this.camera.s;
    return this.grid.nearest(dx, dy, radius, this.pickable);
  }

  pickLasso(screenPath: number[]): Uint32Array {
    if (!this.grid) return new Uint32Array(0);
    const simple = simplifyPath(screenPath, 3);
    const poly: number[] = [];
    for (let k = 0; k < simple.length; k += 2) poly.push(...this.camera.toData(simple[k], simple[k + 1]));
    return this.grid.inPolygon(poly, this.pickable);
  }

  pickBox(x0: number, y0: number, x1: number, y1: number): Uint32Array {
    if (!this.grid) return new Uint32Array(0);
    const [ax, ay] = this.camera.toData(x0, y0), [bx, by] = this.camera.toData(x1, y1);
    return this.grid.inRect(ax, ay, bx, by, this.pickable);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.settle);
    this.input.dispose();
    for (const f of this.cleanups.splice(0)) f();
    this.renderer?.dispose();
    this.renderer = null;
  }
}
