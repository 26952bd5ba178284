// Draws the scatter in passes: all points, duplicate links, outlier markers,
// duplicate markers, the selection, the hovered point. Holds GPU buffers only;
// the view decides what goes in them. Big data stays fast in two ways: small
// opaque points are recoloured per pixel from a point-id cache (pointcache.ts)
// when only the result changed, and a slow GPU draws a fixed sample of the
// points while the view moves (lod.ts), then everything once it rests.
import { Program } from "./program";
import { COLOR_TEX_WIDTH, POINT_ALPHA, POINT_FS, POINT_VS } from "./shaders";
import type { LinkGeometry } from "../links";
import type { DrawParams, FrameInfo } from "./frame";
import { LinkLayer } from "./linklayer";
import { PointIdCache } from "./pointcache";
import { FrameTimer } from "./frametimer";
import {
  SHADE_DISAGREEMENTS, SHADE_DUPLICATES, SHADE_OUTLIERS, SHADE_POTENTIAL, previewCount, sampleFraction, sampleIndices,
  shadedCategories,
} from "../lod";

type IndexKey = "outliers" | "potential" | "dups" | "disagree" | "sel" | "hover" | "focus" | "neighbours" | "preview";

/** Full frames slower than this switch a moving view to a sample (30 fps). */
const SLOW_FRAME_MS = 33;

export class Renderer {
  readonly gl: WebGL2RenderingContext;
  private points: Program;
  private readonly links: LinkLayer;
  private vao: WebGLVertexArrayObject;
  private buf: Record<"pos" | "cluster" | "flags" | IndexKey, WebGLBuffer>;
  private tex: WebGLTexture;
  private n = 0;
  private counts = { outliers: 0, potential: 0, dups: 0, disagree: 0, sel: 0, hover: 0, focus: 0, neighbours: 0, preview: 0 };
  private readonly cache: PointIdCache;
  readonly timer: FrameTimer;
  private previewFraction = 1;
  /** Counters for tests and benchmarks: id passes (every point) and resolve passes (per pixel). */
  readonly stats = { idPasses: 0, resolves: 0, previews: 0, direct: 0 };

  constructor(readonly canvas: HTMLCanvasElement) {
    const gl = canvas.getContext("webgl2", { antialias: false, preserveDrawingBuffer: true, premultipliedAlpha: true });
    if (!gl) throw new Error("WebGL2 is not available in this browser");
    this.gl = gl;
    this.points = new Program(gl, POINT_VS, POINT_FS);
    const mk = () => gl.createBuffer()!;
    this.buf = {
      pos: mk(), cluster: mk(), flags: mk(), outliers: mk(), potential: mk(), dups: mk(), disagree: mk(), sel: mk(),
      hover: mk(), focus: mk(), neighbours: mk(), preview: mk(),
    };
    this.vao = gl.createVertexArray()!;
    gl.bindVertexArray(this.vao);
    this.floatAttrib(this.points.attrib("a_pos"), this.buf.pos, 2);
    this.intAttrib(this.points.attrib("a_cluster"), this.buf.cluster, gl.INT);
    this.intAttrib(this.points.attrib("a_flags"), this.buf.flags, gl.UNSIGNED_BYTE);
    gl.bindVertexArray(null);
    this.links = new LinkLayer(gl, canvas);
    this.tex = gl.createTexture()!;
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
    this.setColorTable(new Uint8Array(4 * COLOR_TEX_WIDTH), 1);
    this.cache = new PointIdCache(gl, this.buf.pos);
    this.timer = new FrameTimer(gl);
  }

  private floatAttrib(loc: number, b: WebGLBuffer, size: number): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, b);
    gl.enableVertexAttribArray(loc);
    gl.vertexAttribPointer(loc, size, gl.FLOAT, false, 0, 0);
  }

  private intAttrib(loc: number, b: WebGLBuffer, type: number): void {
    const gl = this.gl;
    gl.bindBuffer(gl.ARRAY_BUFFER, b);
    gl.enableVertexAttribArray(loc);
    gl.vertexAttribIPointer(loc, 1, type, 0, 0);
  }

  private upload(target: number, b: WebGLBuffer, data: ArrayBufferView, usage: number): void {
    const gl = this.gl;
    gl.bindBuffer(target, b);
    gl.bufferData(target, data, usage);
  }

  setPositions(pos: Float32Array): void {
    this.n = pos.length >> 1;
    this.upload(this.gl.ARRAY_BUFFER, this.buf.pos, pos, this.gl.STATIC_DRAW);
    this.cache.invalidate();
    this.previewFraction = 1;
    this.counts.preview = 0;
  }

  setClusters(labels: Int32Array, flags: Uint8Array): void {
    const gl = this.gl;
    this.upload(gl.ARRAY_BUFFER, this.buf.cluster, labels, gl.DYNAMIC_DRAW);
    this.upload(gl.ARRAY_BUFFER, this.buf.flags, flags, gl.DYNAMIC_DRAW);
    this.cache.setData(labels, flags);
  }

  /** RGBA8 table, COLOR_TEX_WIDTH wide; alpha 0 hides a cluster. */
  setColorTable(rgba: Uint8Array, rows: number): void {
    const gl = this.gl;
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, COLOR_TEX_WIDTH, rows, 0, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
  }

  private setIndices(key: IndexKey, idx: Uint32Array): void {
    const gl = this.gl;
    gl.bindVertexArray(null); // never change a VAO's element binding by accident
    this.upload(gl.ELEMENT_ARRAY_BUFFER, this.buf[key], idx, gl.DYNAMIC_DRAW);
    this.counts[key] = idx.length;
  }

  setMarkers(outliers: Uint32Array, potential: Uint32Array, dups: Uint32Array): void {
    this.setIndices("outliers", outliers);
    this.setIndices("potential", potential);
    this.setIndices("dups", dups);
  }

  setDisagreements(idx: Uint32Array): void { this.setIndices("disagree", idx); }
  /** The review panel's current item and its nearest neighbours. */
  setFocus(members: Uint32Array, neighbours: Uint32Array): void {
    this.setIndices("focus", members);
    this.setIndices("neighbours", neighbours);
  }

  setSelection(idx: Uint32Array): void { this.setIndices("sel", idx); }
  setHover(i: number): void { this.setIndices("hover", i >= 0 ? Uint32Array.of(i) : new Uint32Array(0)); }

  setLinks(g: LinkGeometry): void { this.links.setLinks(g); }

  /** The sample drawn while the view moves, sized so drawing it costs about 6 ms here. */
  private previewReady(): boolean {
    const ms = this.timer.fullFrameMs;
    if (ms <= SLOW_FRAME_MS) return false;
    const fraction = sampleFraction(previewCount(this.n, ms), this.n);
    if (fraction >= 1) return false;
    if (fraction !== this.previewFraction || this.counts.preview === 0) {
      this.setIndices("preview", sampleIndices(this.n, fraction));
      this.previewFraction = fraction;
    }
    return true;
  }

  draw(p: DrawParams): FrameInfo {
    const gl = this.gl;
    const w = this.canvas.width, h = this.canvas.height;
    // Below ~3 device px a disc is indistinguishable from a square: skip the shading.
    const tiny = p.pointSize <= 3;
    const preview = p.moving && this.n > 0 && this.previewReady();
    const cached = !preview && tiny && !p.dimUnselected && !p.anyHidden && this.cache.usable && this.n > 0;
    const marker = Math.max(7, p.pointSize * 1.5);
    // Markers that would bury the plot become shades of the points (lod.ts).
    const tint = p.showMarkers ? shadedCategories(this.counts, marker, w * h) : 0;
    const info: FrameInfo = { points: cached ? "cached" : preview ? "preview" : "direct", allPoints: !preview, tint };
    let idPass = false;
    if (cached) idPass = this.cache.update(this.n, p.clip, p.pointSize, w, h);
    this.stats.idPasses += idPass ? 1 : 0;
    this.stats.resolves += cached ? 1 : 0;
    this.stats.previews += preview ? 1 : 0;
    this.stats.direct += !cached && !preview ? 1 : 0;

    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.viewport(0, 0, w, h);
    gl.clearColor(p.paper[0], p.paper[1], p.paper[2], 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    gl.enable(gl.BLEND);
    gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    if (this.n === 0) return info;

    if (cached) this.cache.draw(this.tex, { ...p, tint });
    const pt = this.points;
    gl.useProgram(pt.prog);
    gl.bindVertexArray(this.vao);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindTexture(gl.TEXTURE_2D, this.tex);
    gl.uniform1i(pt.u("u_colors"), 0);
    gl.uniform4f(pt.u("u_clip"), ...p.clip);
    gl.uniform4f(pt.u("u_noise"), ...p.noise, p.noiseVisible ? 1 : 0);
    gl.uniform1ui(pt.u("u_hideFlags"), p.hideFlags);
    gl.uniform1ui(pt.u("u_tint"), tint);
    gl.uniform3f(pt.u("u_ink"), ...p.ink);
    gl.uniform3f(pt.u("u_paper"), ...p.paper);
    gl.uniform3f(pt.u("u_noiseRgb"), ...p.noise);
    gl.uniform3f(pt.u("u_exact"), ...p.exact);
    gl.uniform3f(pt.u("u_near"), ...p.near);
    const pass = (mode: number, size: number, alpha = 1) => {
      gl.uniform1i(pt.u("u_mode"), mode);
      gl.uniform1f(pt.u("u_size"), size);
      gl.uniform1f(pt.u("u_alpha"), alpha);
    };
    const elements = (key: IndexKey) => {
      if (this.counts[key] === 0) return;
      gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.buf[key]);
      gl.drawElements(gl.POINTS, this.counts[key], gl.UNSIGNED_INT, 0);
    };

    if (!cached) {
      pass(tiny ? 5 : 0, p.pointSize, p.dimUnselected ? 0.25 : POINT_ALPHA);
      if (tiny && !p.dimUnselected) gl.disable(gl.BLEND); // opaque squares: no blending cost
      if (preview) elements("preview");
      else gl.drawArrays(gl.POINTS, 0, this.n);
      gl.enable(gl.BLEND);
    }
    if (p.showMarkers && !preview) {
      pass(1, marker); // potential outliers under outliers (noise matters more)
      if (!(tint & SHADE_POTENTIAL)) elements("potential");
      if (!(tint & SHADE_OUTLIERS)) elements("outliers");
      if (!(tint & SHADE_DUPLICATES)) { pass(2, marker * 1.25); elements("dups"); }
      if (!(tint & SHADE_DISAGREEMENTS)) { pass(6, marker * 1.1); elements("disagree"); }
    }
    gl.bindVertexArray(null);

    if (!preview) this.links.draw(p); // over the markers: near duplicates sit closer than a marker is wide

    gl.useProgram(pt.prog);
    gl.bindVertexArray(this.vao);
    if (!preview || this.counts.sel <= this.counts.preview) {
      pass(3, Math.max(9, p.pointSize * 2.2));
      elements("sel");
    }
    pass(7, Math.max(12, p.pointSize * 2.6));
    elements("neighbours");
    pass(4, Math.max(20, p.pointSize * 4));
    elements("focus");
    pass(4, Math.max(14, p.pointSize * 3));
    elements("hover");
    gl.bindVertexArray(null);
    // Time frames that went over every point: they decide whether a moving view needs a sample.
    if (!preview && (!cached || idPass)) this.timer.measure();
    return info;
  }

  dispose(): void {
    const gl = this.gl;
    this.timer.dispose();
    this.cache.dispose();
    for (const b of Object.values(this.buf)) gl.deleteBuffer(b);
    this.links.dispose();
    gl.deleteTexture(this.tex);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.points.prog);
    gl.getExtension("WEBGL_lose_context")?.loseContext();
  }
}
