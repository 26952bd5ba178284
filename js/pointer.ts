// Mouse / pen input on the scatter: wheel zoom about the cursor, drag to pan,
// hover, click and shift-click picks, lasso and box selection (shift adds),
// double-click to reset the view.
import type { Scatter, Tool } from "./scatter";

const CLICK_SLOP = 4; // px a press may move and still count as a click

interface Drag { x: number; y: number; lastX: number; lastY: number; moved: boolean; shift: boolean; kind: Tool; path: number[] }

export class PointerInput {
  private drag: Drag | null = null;
  private hoverFrame = 0;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly sc: Scatter) {
    this.listen();
  }

  private local(e: MouseEvent): [number, number] {
    const r = this.sc.overlay.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  private on<K extends keyof HTMLElementEventMap>(t: HTMLElement, type: K, f: (e: HTMLElementEventMap[K]) => void, opts?: AddEventListenerOptions): void {
    t.addEventListener(type, f as EventListener, opts);
    this.cleanups.push(() => t.removeEventListener(type, f as EventListener, opts));
  }

  private listen(): void {
    const o = this.sc.overlay;
    this.on(o, "wheel", (e) => {
      e.preventDefault();
      const [x, y] = this.local(e);
      const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
      this.sc.camera.zoomAt(x, y, factor, this.sc.fitScale / 4, this.sc.fitScale * 1e5);
      this.sc.cameraMoved();
    }, { passive: false });
    this.on(o, "dblclick", () => this.sc.resetView());
    this.on(o, "pointerdown", (e) => {
      if (e.button !== 0) return;
      o.setPointerCapture(e.pointerId);
      const [x, y] = this.local(e);
      const kind: Tool = this.sc.tool === "pan" && e.shiftKey ? "lasso" : this.sc.tool;
      this.drag = { x, y, lastX: x, lastY: y, moved: false, shift: e.shiftKey, kind, path: [x, y] };
      this.sc.events.hover(-1, 0, 0);
    });
    this.on(o, "pointermove", (e) => {
      const [x, y] = this.local(e);
      const d = this.drag;
      if (!d) return this.scheduleHover(x, y, e.clientX, e.clientY);
      if (Math.hypot(x - d.x, y - d.y) > CLICK_SLOP) d.moved = true;
      if (!d.moved) return;
      if (d.kind === "pan") {
        this.sc.camera.pan(x - d.lastX, y - d.lastY);
        this.sc.cameraMoved();
      } else {
        d.path.push(x, y);
        this.drawShape(d.kind, d.path);
      }
      d.lastX = x; d.lastY = y;
    });
    this.on(o, "pointerup", (e) => {
      const d = this.drag;
      this.drag = null;
      if (!d) return;
      const [x, y] = this.local(e);
      this.clearShape();
      if (!d.moved) return this.click(x, y, d.shift);
      if (d.kind === "lasso") this.sc.events.select(this.sc.pickLasso(d.path), d.shift ? "add" : "replace");
      else if (d.kind === "box") this.sc.events.select(this.sc.pickBox(d.x, d.y, x, y), d.shift ? "add" : "replace");
    });
    this.on(o, "pointercancel", () => { this.drag = null; this.clearShape(); });
    this.on(o, "pointerleave", () => { if (!this.drag) this.sc.events.hover(-1, 0, 0); });
  }

  private scheduleHover(x: number, y: number, cx: number, cy: number): void {
    cancelAnimationFrame(this.hoverFrame);
    this.hoverFrame = requestAnimationFrame(() => this.sc.events.hover(this.sc.pickAt(x, y), cx, cy));
  }

  private click(x: number, y: number, shift: boolean): void {
    const i = this.sc.pickAt(x, y);
    if (i < 0) { if (!shift) this.sc.events.select(new Uint32Array(0), "replace"); return; }
    this.sc.events.select(Uint32Array.of(i), shift ? "toggle" : "replace");
  }

  private drawShape(kind: Tool, path: number[]): void {
    const ctx = this.sc.overlay.getContext("2d");
    if (!ctx || !this.sc.theme) return;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, this.sc.overlay.width, this.sc.overlay.height);
    const ink = this.sc.theme.ink.map((v) => Math.round(v * 255)).join(",");
    ctx.strokeStyle = `rgba(${ink},0.9)`;
    ctx.fillStyle = `rgba(${ink},0.08)`;
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    if (kind === "box") {
      const [x0, y0] = path, x1 = path[path.length - 2], y1 = path[path.length - 1];
      ctx.rect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
    } else {
      ctx.moveTo(path[0], path[1]);
      for (let k = 2; k < path.length; k += 2) ctx.lineTo(path[k], path[k + 1]);
      ctx.closePath();
    }
    ctx.fill();
    ctx.stroke();
  }

  private clearShape(): void {
    const ctx = this.sc.overlay.getContext("2d");
    ctx?.clearRect(0, 0, this.sc.overlay.width, this.sc.overlay.height);
  }

  dispose(): void {
    cancelAnimationFrame(this.hoverFrame);
    for (const f of this.cleanups.splice(0)) f();
  }
}
