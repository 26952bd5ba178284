// The cluster palette and the colour table the point shader reads. A cluster's
// slot comes from Python with each result (ClusterResult.color_slots, README
// "Cluster colours"); slot k is drawn in PALETTE[k % 20].

export type RGB = [number, number, number];

/**
 * 20 distinct hues (Tableau 10 minus its orange and grey, then 12 more);
 * slot k uses PALETTE[k % 20]. No grey (noise), no magenta and no orange:
 * those mark noise, exact duplicates and near duplicates.
 */
export const PALETTE: RGB[] = [
  "#4e79a7", "#59a14f", "#e15759", "#b07aa1", "#76b7b2",
  "#edc948", "#9c755f", "#ff9da7", "#17becf", "#1f3f8f",
  "#bcbd22", "#8c2d04", "#6a3d9a", "#00a087", "#a6d854",
  "#7f9f2f", "#3c5488", "#8da0cb", "#5b8a72", "#d4a6c8",
].map(hexToRgb);

export function hexToRgb(hex: string): RGB {
  const h = hex.replace("#", "");
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function slotColor(slot: number): RGB {
  return PALETTE[((slot % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

// PALETTE as bytes, r g b per slot, for filling the colour table without allocating.
const PALETTE_BYTES = Uint8Array.from(PALETTE.flat());

/**
 * RGBA8 texture data for the point shader: texel c is the colour of cluster c
 * (alpha 0 if its slot is hidden). `width` texels per row.
 */
export function colorTable(slots: Int32Array, hiddenSlots: ReadonlySet<number>, width: number): { rgba: Uint8Array; rows: number } {
  const rows = Math.max(1, Math.ceil(slots.length / width));
  const rgba = new Uint8Array(rows * width * 4);
  const np = PALETTE.length;
  const anyHidden = hiddenSlots.size > 0;
  for (let c = 0, o = 0; c < slots.length; c++, o += 4) {
    const s = slots[c];
    const p = 3 * (((s % np) + np) % np);
    rgba[o] = PALETTE_BYTES[p];
    rgba[o + 1] = PALETTE_BYTES[p + 1];
    rgba[o + 2] = PALETTE_BYTES[p + 2];
    rgba[o + 3] = anyHidden && hiddenSlots.has(s) ? 0 : 255;
  }
  return { rgba, rows };
}
