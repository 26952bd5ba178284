// The colour-by switch: clusters, the given labels, or the current (edited)
// labels. Follows the Python trait `color_by` both ways.
import { h, suppressShortcuts } from "./dom";
import type { ColorBy, Model } from "./model/traits";

const OPTIONS: Array<[ColorBy, string]> = [["cluster", "cluster"], ["label", "given label"], ["current_label", "current label"]];

export class ColorBySwitch {
  readonly root = h("label", "hdbscope-colorby");
  readonly select = suppressShortcuts(h("select", "hdbscope-colorby-select"));

  constructor(private readonly model: Model, hasLabels: boolean) {
    for (const [value, text] of OPTIONS) {
      const o = h("option", "", text);
      o.value = value;
      o.disabled = value === "label" && !hasLabels;
      this.select.append(o);
    }
    this.select.name = "color_by";
    this.select.setAttribute("aria-label", "colour points by");
    this.select.addEventListener("change", () => {
      this.model.set("color_by", this.select.value as ColorBy);
      this.model.save_changes();
    });
    this.root.append(h("span", "hdbscope-slider-label", "colour by"), this.select);
    this.sync();
  }

  sync(): void { this.select.value = this.model.get("color_by") || "cluster"; }
}
