// The point-id cache behind fast recolouring: an integer framebuffer holding,
// per pixel, which point is on top (see ID_VS in shaders.ts), plus the
// per-point cluster ids and flags as textures. Positions and view change the
// ids (one pass over every point); a new result only re-runs a per-pixel
// resolve pass, whose cost does not grow with the number of points.
import { Program } from "./program";
import { DATA_TEX_WIDTH, POINT_ALPHA, ID_FS, ID_VS, RESOLVE_FS, RESOLVE_VS } from "./shaders";

type Rgb = [number, number, number];
export interface ResolveColors { noise: Rgb; ink: Rgb; exact: Rgb; near: Rgb; tint: number }

export class PointIdCache {
  private readonly ids: Program;
  private readonly resolve: Program;
  private readonly vao: WebGLVertexArrayObject;
  private readonly emptyVao: WebGLVertexArrayObject;
  private readonly fbo: WebGLFramebuffer;
  private readonly idTex: WebGLTexture;
  private readonly clusterTex: WebGLTexture;
  private readonly flagTex: WebGLTexture;
  private idSize = [0, 0];
  private key = ""; // view + size the id buffer was drawn for; "" = stale
  private dataRows = 0;
  /** False when the data does not fit a texture: the caller draws points directly. */
  usable = true;

  constructor(private readonly gl: WebGL2RenderingContext, posBuffer: WebGLBuffer) {
    this.ids = new Program(gl, ID_VS, ID_FS);
    this.resolve = new Program(gl, RESOLVE_VS, RESOLVE_FS);
    this.vao = gl.createVertexArray()!;
    gl.bindVertexArray(this.vao);
    const loc = this.ids.attrib("a_pos");
    gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
    gl.enableVertexAttribArray(loc);
    gl.vertexAttribPointer(loc, 2, gl.FLOAT, false, 0, 0);
    this.emptyVao = gl.createVertexArray()!;
    gl.bindVertexArray(null);
    this.fbo = gl.createFramebuffer()!;
    this.idTex = this.texture();
    this.clusterTex = this.texture();
    this.flagTex = this.texture();
  }

  private texture(): WebGLTexture {
    const gl = this.gl, t = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    return t;
  }

  /** Positions changed: the ids are stale. */
  invalidate(): void { this.key = ""; }

  /** Per-point colour ids (int32) and flags (uint8), in rows of DATA_TEX_WIDTH. */
  setData(ids: Int32Array, flags: Uint8Array): void {
    const gl = this.gl, n = ids.length, w = DATA_TEX_WIDTH;
    const rows = Math.max(1, Math.ceil(n / w));
    this.usable = rows <= gl.getParameter(gl.MAX_TEXTURE_SIZE);
    if (!this.usable) return;
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    const full = Math.floor(n / w), rest = n - full * w;
    const upload = (tex: WebGLTexture, internal: number, format: number, type: number, data: ArrayBufferView) => {
      gl.bindTexture(gl.TEXTURE_2D, tex);
      if (rows !== this.dataRows) gl.texImage2D(gl.TEXTURE_2D, 0, internal, w, rows, 0, format, type, null);
      if (full > 0) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, w, full, format, type, data, 0);
      if (rest > 0) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, full, rest, 1, format, type, data, full * w);
    };
    upload(this.clusterTex, gl.R32I, gl.RED_INTEGER, gl.INT, ids);
    upload(this.flagTex, gl.R8UI, gl.RED_INTEGER, gl.UNSIGNED_BYTE, flags);
    this.dataRows = rows;
  }

  /** Redraw the ids if the view, point size or canvas changed. Returns true if it did. */
  update(n: number, clip: number[], size: number, width: number, height: number): boolean {
    const key = `${n}|${clip.join(",")}|${size}|${width}x${height}`;
    if (key === this.key) return false;
    const gl = this.gl;
    if (this.idSize[0] !== width || this.idSize[1] !== height) {
      gl.bindTexture(gl.TEXTURE_2D, this.idTex);
      gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32UI, width, height, 0, gl.RED_INTEGER, gl.UNSIGNED_INT, null);
      gl.bindFramebuffer(gl.FRAMEBUFFER, this.fbo);
      gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, this.idTex, 0);
      this.idSize = [width, height];
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, this.fbo);
    gl.viewport(0, 0, width, height);
    gl.disable(gl.BLEND); // integer targets do not blend; the last point drawn wins
    gl.clearBufferuiv(gl.COLOR, 0, [0, 0, 0, 0]);
    gl.useProgram(this.ids.prog);
    gl.uniform4f(this.ids.u("u_clip"), clip[0], clip[1], clip[2], clip[3]);
    gl.uniform1f(this.ids.u("u_size"), size);
    gl.bindVertexArray(this.vao);
    gl.drawArrays(gl.POINTS, 0, n);
    gl.bindVertexArray(null);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    this.key = key;
    return true;
  }

  /** Colour every pixel of the bound framebuffer from the ids, as the opaque tiny-square pass would. */
  draw(colorTex: WebGLTexture, c: ResolveColors): void {
    const gl = this.gl, r = this.resolve;
    gl.useProgram(r.prog);
    gl.uniform4f(r.u("u_noise"), ...c.noise, 1);
    gl.uniform1f(r.u("u_alpha"), POINT_ALPHA);
    gl.uniform1ui(r.u("u_tint"), c.tint);
    gl.uniform3f(r.u("u_ink"), ...c.ink);
    gl.uniform3f(r.u("u_exact"), ...c.exact);
    gl.uniform3f(r.u("u_near"), ...c.near);
    gl.disable(gl.BLEND);
    const bind = (unit: number, tex: WebGLTexture, name: string) => {
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, tex);
      gl.uniform1i(r.u(name), unit);
    };
    bind(0, this.idTex, "u_ids");
    bind(1, this.clusterTex, "u_clusterTex");
    bind(2, this.flagTex, "u_flagTex");
    bind(3, colorTex, "u_colors");
    gl.bindVertexArray(this.emptyVao);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    gl.bindVertexArray(null);
    gl.activeTexture(gl.TEXTURE0);
    gl.enable(gl.BLEND);
  }

  dispose(): void {
    const gl = this.gl;
    for (const t of [this.idTex, this.clusterTex, this.flagTex]) gl.deleteTexture(t);
    gl.deleteFramebuffer(this.fbo);
    gl.deleteVertexArray(this.vao);
    gl.deleteVertexArray(this.emptyVao);
    gl.deleteProgram(this.ids.prog);
    gl.deleteProgram(this.resolve.prog);
  }
}
