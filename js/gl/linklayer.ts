// The duplicate links on the scatter: one quad per link (links.ts builds the
// geometry), exact duplicates solid and near duplicates dashed, drawn over the
// markers because near duplicates sit closer than a marker is wide.
import { LINK_VERTEX_FLOATS, LINK_VERTICES, LinkGeometry } from "../links";
import type { DrawParams } from "./frame";
import { Program } from "./program";
import { LINE_FS, LINE_VS } from "./shaders";

export class LinkLayer {
  private readonly lines: Program;
  private readonly lineVao: WebGLVertexArrayObject;
  private readonly buffer: WebGLBuffer;
  private counts = { exact: 0, near: 0 };

  constructor(private readonly gl: WebGL2RenderingContext, private readonly canvas: HTMLCanvasElement) {
    this.lines = new Program(gl, LINE_VS, LINE_FS);
    this.buffer = gl.createBuffer()!;
    this.lineVao = gl.createVertexArray()!;
    gl.bindVertexArray(this.lineVao);
    const stride = LINK_VERTEX_FLOATS * 4;
    for (const [name, offset] of [["a_from", 0], ["a_to", 8], ["a_end", 16]] as const) {
      const loc = this.lines.attrib(name);
      gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, stride, offset);
    }
    gl.bindVertexArray(null);
  }

  setLinks(g: LinkGeometry): void {
    const gl = this.gl;
    gl.bindVertexArray(null);
    gl.bindBuffer(gl.ARRAY_BUFFER, this.buffer);
    gl.bufferData(gl.ARRAY_BUFFER, g.vertices, gl.DYNAMIC_DRAW);
    this.counts.exact = g.nExact;
    this.counts.near = g.nNear;
  }

  draw(p: DrawParams): void {
    const gl = this.gl, ln = this.lines;
    if (this.counts.exact + this.counts.near === 0) return;
    const dpr = window.devicePixelRatio || 1;
    gl.useProgram(ln.prog);
    gl.bindVertexArray(this.lineVao);
    gl.uniform4f(ln.u("u_clip"), ...p.clip);
    gl.uniform2f(ln.u("u_half"), this.canvas.width / 2, this.canvas.height / 2);
    gl.uniform1f(ln.u("u_width"), 2 * dpr);
    if (p.showExactLinks && this.counts.exact > 0) {
      gl.uniform4f(ln.u("u_color"), ...p.exact, 0.95);
      gl.uniform1f(ln.u("u_dash"), 0);
      gl.drawArrays(gl.TRIANGLES, 0, LINK_VERTICES * this.counts.exact);
    }
    if (p.showNearLinks && this.counts.near > 0) {
      gl.uniform4f(ln.u("u_color"), ...p.near, 0.95);
      gl.uniform1f(ln.u("u_dash"), 7 * dpr);
      gl.drawArrays(gl.TRIANGLES, LINK_VERTICES * this.counts.exact, LINK_VERTICES * this.counts.near);
    }
    gl.bindVertexArray(null);
  }

  dispose(): void {
    const gl = this.gl;
    gl.deleteBuffer(this.buffer);
    gl.deleteVertexArray(this.lineVao);
    gl.deleteProgram(this.lines.prog);
  }
}
