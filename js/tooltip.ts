// Hover tooltip: what the front end knows at once (index, cluster, flags), then
// what Python sends on request (label, outlier score, duplicate partners,
// thumbnail). All text via textContent.
import { h, rgbCss } from "./dom";
import { flagNames } from "./flags";
import { slotColor } from "./palette";
import type { HoverReply } from "./model/messages";

export interface LocalInfo { index: number; cluster: number; slot: number; flags: number }

const PENDING = "…";

export class Tooltip {
  readonly root = h("div", "hdbscope-tooltip");
  private readonly img = h("img", "hdbscope-thumb");
  private readonly table = h("div", "hdbscope-tip-rows");
  private info: LocalInfo | null = null;
  private reply: HoverReply | null = null;

  constructor(private readonly hasLabels: boolean, private readonly hasImages: boolean) {
    this.img.alt = "";
    this.root.append(this.img, this.table);
    this.hide();
  }

  get shownIndex(): number { return this.info ? this.info.index : -1; }

  show(info: LocalInfo, x: number, y: number, bounds: DOMRect): void {
    this.info = info;
    this.reply = null;
    this.root.dataset.index = String(info.index);
    delete this.root.dataset.ready;
    this.img.hidden = true;
    this.img.removeAttribute("src");
    this.render();
    this.root.hidden = false;
    this.place(x, y, bounds);
  }

  /** Python's answer for the shown point; `thumb` is an object URL or null. */
  complete(r: HoverReply, thumb: string | null): void {
    if (!this.info || r.index !== this.info.index) return;
    this.reply = r;
    this.render();
    if (thumb && this.hasImages) {
      this.img.src = thumb;
      this.img.hidden = false;
    }
    this.root.dataset.ready = "true";
  }

  hide(): void {
    this.info = null;
    this.reply = null;
    this.root.hidden = true;
    delete this.root.dataset.index;
    delete this.root.dataset.ready;
  }

  private render(): void {
    const info = this.info!, r = this.reply;
    const rows: Array<[string, string | HTMLElement]> = [["index", String(info.index)]];
    const cluster = h("span", "hdbscope-tip-value");
    if (info.cluster >= 0) {
      const sw = h("span", "hdbscope-swatch disc");
      sw.style.setProperty("--swatch", rgbCss(slotColor(info.slot)));
      cluster.append(sw, document.createTextNode(String(info.cluster)));
    } else cluster.textContent = "noise (-1)";
    rows.push(["cluster", cluster]);
    if (this.hasLabels) rows.push(["label", r ? (r.label ?? "(none)") : PENDING]);
    if (r && r.current_label != null && (!this.hasLabels || r.current_label !== r.label)) {
      rows.push(["current label", r.current_label || "(none)"]);
    }
    if (r && r.decision) rows.push(["decision", r.decision]);
    const flags = flagNames(info.flags);
    rows.push(["flags", flags.length ? flags.join(", ") : "none"]);
    rows.push(["outlier score", r ? fmt(r.outlier_score) : PENDING]);
    if (r && info.cluster >= 0) rows.push(["probability", fmt(r.probability)]);
    if (r && r.duplicates.length) rows.push(["duplicates", list(r.duplicates)]);
    if (r && r.near_duplicates.length) rows.push(["near duplicates", list(r.near_duplicates)]);
    if (r && r.info) for (const [k, v] of r.info) rows.push([k, v]);
    if (r && r.image_problem) rows.push(["image", r.image_problem]);
    if (r && r.error) rows.push(["error", r.error]);
    this.table.replaceChildren(...rows.map(([k, v]) => {
      const row = h("div", "hdbscope-tip-row");
      row.dataset.key = k;
      row.append(h("span", "hdbscope-tip-key", k), typeof v === "string" ? h("span", "hdbscope-tip-value", v) : v);
      return row;
    }));
  }

  private place(x: number, y: number, b: DOMRect): void {
    // keep the box inside the widget: flip to the other side near the edges
    const w = 250, hgt = this.hasImages ? 280 : 160;
    const left = x + 14 + w > b.width ? Math.max(0, x - 14 - w) : x + 14;
    const top = y + 14 + hgt > b.height ? Math.max(0, y - 14 - hgt) : y + 14;
    this.root.style.left = `${left}px`;
    this.root.style.top = `${top}px`;
  }
}

function fmt(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : String(v);
}

function list(ids: number[]): string {
  return ids.slice(0, 12).join(", ") + (ids.length > 12 ? ", …" : "");
}
