// GLSL ES 3.00 (WebGL2). Cluster ids and flags are integer attributes read
// straight from the int32 / uint8 buffers Python sends: no per-point JS pass.

export const COLOR_TEX_WIDTH = 2048;
/** Per-point data textures (cluster id, flags) are this wide; row = index / width. */
export const DATA_TEX_WIDTH = 2048;
/** Opacity of plain points (the resolve pass must write exactly what the point pass does). */
export const POINT_ALPHA = 0.9;

// Dense view: when markers would cover the plot (see lod.ts), flagged points are
// shaded instead of marked. u_tint bits (lod.ts SHADE_*): 1 outliers,
// 2 exact / near duplicates, 4 label disagreements, 8 potential outliers.
// Shared by the point and resolve shaders.
const TINT = `
vec3 tinted(vec3 c, uint f) {
  if ((u_tint & 1u) != 0u && (f & 1u) != 0u) return mix(c, u_ink, 0.55);
  if ((u_tint & 8u) != 0u && (f & 2u) != 0u) return mix(c, u_ink, 0.35);
  if ((u_tint & 4u) != 0u && (f & 16u) != 0u) return mix(c, u_ink, 0.7);
  if ((u_tint & 2u) != 0u && (f & 4u) != 0u) return u_exact;
  if ((u_tint & 2u) != 0u && (f & 8u) != 0u) return u_near;
  return c;
}`;

export const POINT_VS = `#version 300 es
in vec2 a_pos;
in int a_cluster;
in uint a_flags;
uniform vec4 u_clip;
uniform float u_size;
uniform sampler2D u_colors;
uniform vec4 u_noise;
uniform uint u_hideFlags;
uniform uint u_tint;
// mediump: the fragment shader declares these too, and precisions must match
uniform mediump vec3 u_ink;
uniform mediump vec3 u_exact;
uniform mediump vec3 u_near;
out vec3 v_color;
flat out uint v_flags;
out float v_size;
${TINT}
void main() {
  vec4 c = a_cluster < 0 ? u_noise
    : texelFetch(u_colors, ivec2(a_cluster % ${COLOR_TEX_WIDTH}, a_cluster / ${COLOR_TEX_WIDTH}), 0);
  bool hidden = c.a == 0.0 || (a_flags & u_hideFlags) != 0u;
  gl_Position = hidden ? vec4(2.0, 2.0, 2.0, 1.0)
    : vec4(a_pos.x * u_clip.x + u_clip.y, a_pos.y * u_clip.z + u_clip.w, 0.0, 1.0);
  gl_PointSize = hidden ? 0.0 : u_size;
  v_color = tinted(c.rgb, a_flags);
  v_flags = a_flags;
  v_size = u_size;
}`;

// u_mode: 0 plain disc, 1 outlier / potential-outlier marker, 2 duplicate
// marker, 3 selected, 4 hovered or review item (ring), 5 tiny plain square
// (fast path for big data), 6 label-disagreement marker (an x), 7 nearest
// neighbour of the review item (thin ring). Excluded points (flag 32) are faded.
export const POINT_FS = `#version 300 es
precision mediump float;
in vec3 v_color;
flat in uint v_flags;
in float v_size;
uniform int u_mode;
uniform float u_alpha;
uniform vec3 u_ink;
uniform vec3 u_paper;
uniform vec3 u_noiseRgb;
uniform vec3 u_exact;
uniform vec3 u_near;
out vec4 o;
float band(float d, float a, float b, float px) {
  return smoothstep(a - px, a, d) * (1.0 - smoothstep(b, b + px, d));
}
void main() {
  vec2 p = gl_PointCoord * 2.0 - 1.0;
  float r = length(p);
  float px = 2.0 / max(v_size, 1.0);  // one pixel in point-coordinate units
  float fade = (v_flags & 32u) != 0u ? 0.3 : 1.0;
  if (u_mode == 5) {
    // tiny points (a few device pixels): plain squares, no per-fragment maths
    o = vec4(v_color, u_alpha * fade);
  } else if (u_mode == 0) {
    float a = 1.0 - smoothstep(1.0 - px, 1.0, r);
    if (a <= 0.0) discard;
    o = vec4(v_color, a * u_alpha * fade);
  } else if (u_mode == 1) {
    if ((v_flags & 1u) != 0u) {
      // outlier: grey dot inside an ink ring
      float ring = band(r, 0.62, 0.92, px);
      float dot = 1.0 - smoothstep(0.38 - px, 0.38, r);
      if (ring + dot <= 0.0) discard;
      o = vec4(mix(u_noiseRgb, u_ink, ring / max(ring + dot, 1e-3)), max(ring, dot));
    } else {
      // potential outlier: cluster-coloured square with an ink outline
      float d = max(abs(p.x), abs(p.y));
      float edge = band(d, 0.62, 0.86, px);
      float fill = 1.0 - smoothstep(0.62 - px, 0.62, d);
      if (edge + fill <= 0.0) discard;
      o = vec4(mix(v_color, u_ink, edge / max(edge + fill, 1e-3)), max(edge, fill));
    }
  } else if (u_mode == 2) {
    // duplicate: diamond outline, exact and near in their link colours
    float d = abs(p.x) + abs(p.y);
    float edge = band(d, 0.72, 0.98, px);
    if (edge <= 0.0) discard;
    o = vec4((v_flags & 4u) != 0u ? u_exact : u_near, edge);
  } else if (u_mode == 3) {
    // selected: ink ring, paper gap, cluster colour core
    float outer = band(r, 0.78, 1.0 - px, px);
    float gap = band(r, 0.58, 0.78, px);
    float core = 1.0 - smoothstep(0.58 - px, 0.58, r);
    float a = max(outer, max(gap, core));
    if (a <= 0.0) discard;
    vec3 c = outer >= gap && outer >= core ? u_ink : (gap >= core ? u_paper : v_color);
    o = vec4(c, a);
  } else if (u_mode == 6) {
    // label disagreement: an ink x across the point
    float d = min(abs(p.x - p.y), abs(p.x + p.y)) * 0.7071;
    float a = (1.0 - smoothstep(0.07, 0.07 + px, d)) * (1.0 - smoothstep(0.8, 0.8 + px, max(abs(p.x), abs(p.y))));
    if (a <= 0.0) discard;
    o = vec4(u_ink, a);
  } else if (u_mode == 7) {
    float ring = band(r, 0.8, 1.0 - px, px);
    if (ring <= 0.0) discard;
    o = vec4(u_ink, 0.65 * ring);
  } else {
    float ring = band(r, 0.7, 1.0 - px, px);
    if (ring <= 0.0) discard;
    o = vec4(u_ink, ring);
  }
}`;

// Links are quads widened here to u_width device pixels, whatever the zoom.
export const LINE_VS = `#version 300 es
in vec2 a_from;
in vec2 a_to;
in vec2 a_end; // (0 = from / 1 = to, side -1 / +1)
uniform vec4 u_clip;
uniform vec2 u_half; // half the viewport, device px
uniform float u_width;
out float v_along;
void main() {
  vec2 pa = vec2(a_from.x * u_clip.x + u_clip.y, a_from.y * u_clip.z + u_clip.w) * u_half;
  vec2 pb = vec2(a_to.x * u_clip.x + u_clip.y, a_to.y * u_clip.z + u_clip.w) * u_half;
  vec2 d = pb - pa;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 p = mix(pa, pb, a_end.x) + vec2(-dir.y, dir.x) * (a_end.y * 0.5 * u_width);
  gl_Position = vec4(p / u_half, 0.0, 1.0);
  v_along = a_end.x * len;
}`;

export const LINE_FS = `#version 300 es
precision highp float;
in float v_along;
uniform vec4 u_color;
uniform float u_dash;
out vec4 o;
void main() {
  if (u_dash > 0.0 && mod(v_along, u_dash) > 0.6 * u_dash) discard;
  o = u_color;
}`;

// Point-id pass: each pixel keeps 1 + the index of the last point drawn on it
// (0 = empty), exactly the point a plain opaque pass would show there. It
// depends only on positions and the view, so a new result is one per-pixel
// resolve pass instead of a redraw of every point.
export const ID_VS = `#version 300 es
in vec2 a_pos;
uniform vec4 u_clip;
uniform float u_size;
flat out uint v_id;
void main() {
  gl_Position = vec4(a_pos.x * u_clip.x + u_clip.y, a_pos.y * u_clip.z + u_clip.w, 0.0, 1.0);
  gl_PointSize = u_size;
  v_id = uint(gl_VertexID) + 1u;
}`;

export const ID_FS = `#version 300 es
precision highp int;
flat in uint v_id;
out uvec4 o;
void main() { o = uvec4(v_id, 0u, 0u, 0u); }`;

// A triangle covering the viewport; no attributes.
export const RESOLVE_VS = `#version 300 es
void main() {
  vec2 p = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);
  gl_Position = vec4(p, 0.0, 1.0);
}`;

// Colours each pixel from its point's cluster and flags, as the tiny-square
// point pass (u_mode 5 with blending off) would.
export const RESOLVE_FS = `#version 300 es
precision highp float;
precision highp int;
uniform highp usampler2D u_ids;
uniform highp isampler2D u_clusterTex;
uniform highp usampler2D u_flagTex;
uniform sampler2D u_colors;
uniform vec4 u_noise;
uniform float u_alpha;
uniform uint u_tint;
uniform vec3 u_ink;
uniform vec3 u_exact;
uniform vec3 u_near;
out vec4 o;
${TINT}
void main() {
  uint id = texelFetch(u_ids, ivec2(gl_FragCoord.xy), 0).r;
  if (id == 0u) discard;
  int i = int(id - 1u);
  ivec2 t = ivec2(i % ${DATA_TEX_WIDTH}, i / ${DATA_TEX_WIDTH});
  int c = texelFetch(u_clusterTex, t, 0).r;
  uint f = texelFetch(u_flagTex, t, 0).r;
  vec3 rgb = c < 0 ? u_noise.rgb : texelFetch(u_colors, ivec2(c % ${COLOR_TEX_WIDTH}, c / ${COLOR_TEX_WIDTH}), 0).rgb;
  o = vec4(tinted(rgb, f), u_alpha * ((f & 32u) != 0u ? 0.3 : 1.0));
}`;
