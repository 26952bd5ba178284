// One sample as a card in the review panel: thumbnail, index, given and
// current label, decision; members also get keep / exclude buttons. Every
// user string goes in as text (h() uses textContent).
import { button, h } from "../dom";
import type { ReviewCard } from "../model/messages";

export interface CardOptions {
  thumb: string | null;
  hasImages: boolean;
  color: string; // the sample's colour in the plot (CSS), "" if grey
  actions?: { keep(): void; exclude(): void };
}

export function pendingCard(index: number, hasImages: boolean): HTMLElement {
  const card = h("div", "hdbscope-card is-pending");
  card.dataset.index = String(index);
  if (hasImages) card.append(h("div", "hdbscope-card-img"));
  card.append(h("div", "hdbscope-card-title", `#${index}`), h("div", "hdbscope-card-line", "…"));
  return card;
}

export function sampleCard(c: ReviewCard, o: CardOptions): HTMLElement {
  const card = h("div", "hdbscope-card");
  card.dataset.index = String(c.index);
  if (c.decision) card.dataset.decision = c.decision;
  if (o.hasImages) {
    const img = h("img", "hdbscope-card-img");
    img.alt = `sample ${c.index}`;
    if (o.thumb) img.src = o.thumb;
    if (c.image_problem) img.title = c.image_problem;
    card.append(img);
    if (c.image_problem) card.append(h("div", "hdbscope-card-line hdbscope-card-problem", c.image_problem));
  }
  const title = h("div", "hdbscope-card-title");
  const sw = h("span", "hdbscope-swatch disc");
  if (o.color) sw.style.setProperty("--swatch", o.color);
  else sw.classList.add("noise");
  title.append(sw, document.createTextNode(`#${c.index}`));
  card.append(title);
  if (c.distance !== undefined) card.append(h("div", "hdbscope-card-line hdbscope-card-dist", `dist ${fmtDistance(c.distance)}`));
  const label = h("div", "hdbscope-card-line hdbscope-card-label");
  label.title = "label";
  label.textContent = c.relabelled ? c.current_label || "(none)" : c.label || c.current_label || "(no label)";
  card.append(label);
  if (c.relabelled) {
    const was = h("div", "hdbscope-card-line hdbscope-card-was");
    was.textContent = `was ${c.label || "(none)"}`;
    card.append(was);
  }
  for (const [k, v] of c.info ?? []) {
    const line = h("div", "hdbscope-card-line hdbscope-card-info", `${k}: ${v}`);
    line.dataset.key = k;
    card.append(line);
  }
  if (c.decision) card.append(h("div", `hdbscope-card-decision is-${c.decision}`, c.decision === "exclude" ? "excluded" : "kept"));
  if (o.actions) {
    const row = h("div", "hdbscope-card-actions");
    row.append(
      button("keep", "hdbscope-card-keep", `keep sample ${c.index}`, o.actions.keep),
      button("exclude", "hdbscope-card-exclude", `exclude sample ${c.index}`, o.actions.exclude),
    );
    card.append(row);
  }
  return card;
}

export function fmtDistance(d: number): string {
  if (!Number.isFinite(d)) return String(d);
  if (d === 0) return "0";
  return Math.abs(d) >= 1000 || Math.abs(d) < 1e-3 ? d.toExponential(1) : d.toPrecision(2);
}
