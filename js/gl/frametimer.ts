// How long the GPU takes to finish a frame that draws every point, measured
// with a fence polled between tasks (never a blocking gl.finish). A slow
// result (software rendering, weak GPU) switches pan and zoom to a preview.
export class FrameTimer {
  private recent: number[] = [];
  private pending: WebGLSync | null = null;
  private timer = 0;

  constructor(private readonly gl: WebGL2RenderingContext) {}

  /**
   * Full-frame time in ms (0 until one is measured): the least of the last few, since
   * a fence also waits for whatever else the GPU had queued (first uploads, compiles).
   */
  get fullFrameMs(): number { return this.recent.length ? Math.min(...this.recent) : 0; }
  /** For tests: as if the last full frame took `ms` (a measurement under way is dropped). */
  set fullFrameMs(ms: number) {
    this.cancel();
    this.recent = [ms];
  }

  /** Call right after submitting a frame that drew every point. */
  measure(): void {
    if (this.pending) return; // one at a time is enough
    const gl = this.gl;
    const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
    if (!sync) return;
    gl.flush();
    this.pending = sync;
    const t0 = performance.now();
    const poll = () => {
      if (this.pending !== sync) return; // cancelled (or replaced) meanwhile
      if (gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED) {
        this.recent = [...this.recent.slice(-4), performance.now() - t0];
        gl.deleteSync(sync);
        this.pending = null;
      } else {
        this.timer = window.setTimeout(poll, 2);
      }
    };
    this.timer = window.setTimeout(poll, 0);
  }

  private cancel(): void {
    clearTimeout(this.timer);
    if (this.pending) this.gl.deleteSync(this.pending);
    this.pending = null;
  }

  dispose(): void { this.cancel(); }
}
