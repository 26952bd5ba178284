// The review panel's "Calibrate duplicates" view: pairs sampled just below
// and just above the duplicate_threshold, side by side (thumbnails when the
// explorer has images, else the samples' ids and labels) with their distance;
// the user marks each "same" or "different" by key (calibration.ts) or click.
// Python journals the marks and answers every message with the precision
// estimate at the current threshold and the suggested threshold, shown here
// as text; "Apply" asks Python to move the duplicate_threshold slider there.
import { button, h } from "../dom";
import type { Model } from "../model/traits";
import { sampleCard } from "./cards";
import { infoRows } from "./details";
import {
  CALIBRATION_KEYS, CalibrationEstimate, CalibrationPairs, CalibrationRequest, Mark,
  calibrationCommand, estimateRows, fmtValue, isCalibrationReply,
} from "./calibration";
import type { ReviewHost } from "./host";

const N_PAIRS = 12;

export class CalibrationView {
  readonly root = h("div", "hdbscope-calibration");
  /** Opens and closes the view; the panel puts it in its header. */
  readonly toggle: HTMLButtonElement;
  private readonly list = h("div", "hdbscope-calibration-pairs");
  private readonly estimate = h("div", "hdbscope-review-info hdbscope-calibration-estimate");
  private readonly status = h("div", "hdbscope-calibration-status");
  private readonly applyButton: HTMLButtonElement;
  private readonly pairs = new CalibrationPairs();
  private urls: string[] = [];
  private shown: CalibrationEstimate | null = null;
  private nextId = 1;
  private sampleId = 0; // the newest "sample" asked for: older pairs are dropped
  private pending = 0;
  isOpen = false;

  constructor(private readonly model: Model, private readonly host: ReviewHost, private readonly opened: (open: boolean) => void) {
    this.toggle = button("Calibrate duplicates", "hdbscope-calibrate-open",
      "mark pairs around the duplicate_threshold as same / different, and see what precision it gives", () => this.setOpen(!this.isOpen));
    this.applyButton = button("Apply suggested threshold (a)", "hdbscope-calibration-apply",
      "move the duplicate_threshold slider to the suggested threshold", () => this.run({ kind: "apply" }));
    this.applyButton.disabled = true;
    const bar = h("div", "hdbscope-calibration-bar");
    bar.append(this.applyButton,
      button("New pairs (r)", "hdbscope-calibration-resample", "sample pairs around the current threshold", () => this.run({ kind: "resample" })),
      button("Back to the queue (Esc)", "hdbscope-calibration-close", "close the calibration", () => this.run({ kind: "close" })));
    const help = h("div", "hdbscope-review-help", CALIBRATION_KEYS.map(([k, what]) => `${k}: ${what}`).join(" · "));
    this.root.append(this.estimate, bar, this.status, this.list, help);
    this.root.hidden = true;
    this.root.dataset.nMarked = "0";
  }

  setOpen(open: boolean): void {
    if (open === this.isOpen) return;
    this.isOpen = open;
    this.root.hidden = !open;
    this.root.dataset.open = String(open);
    this.toggle.setAttribute("aria-pressed", String(open));
    if (open) this.send({ action: "sample", n_pairs: N_PAIRS });
    this.opened(open);
  }

  /** A key pressed in the panel while the view is open; true if it was the view's. */
  onKey(e: KeyboardEvent): boolean {
    const cmd = calibrationCommand(e);
    if (!cmd) return false;
    this.run(cmd);
    return true;
  }

  run(cmd: NonNullable<ReturnType<typeof calibrationCommand>>): void {
    switch (cmd.kind) {
      case "mark": this.mark(this.pairs.cursor, cmd.mark); break;
      case "move": this.pairs.move(cmd.by); this.render(); break;
      case "apply": this.send({ action: "apply" }); break;
      case "resample": this.send({ action: "sample", n_pairs: N_PAIRS }); break;
      case "close": this.setOpen(false); break;
    }
  }

  /** A new result (slider moved): the estimate at the new threshold, from Python. */
  resultChanged(): void {
    if (this.isOpen && this.shown && this.shown.threshold !== this.model.get("duplicate_threshold")) this.send({ action: "estimate" });
  }

  private mark(q: number, mark: Mark): void {
    const p = this.pairs.pairs[q];
    if (!p) { this.setStatus("no pair to mark: press r for new pairs"); return; }
    this.pairs.cursor = q;
    this.pairs.marks[q] = mark; // shown at once; Python's answer confirms it
    this.send({ action: "mark", pair: p.pair, a: p.a.index, b: p.b.index, mark });
    this.pairs.advance();
    this.render();
  }

  private send(req: CalibrationRequest): void {
    const id = this.nextId++;
    if (req.action === "sample") this.sampleId = id;
    this.pending++;
    this.root.dataset.pending = String(this.pending);
    this.model.send({ type: "calibration", id, ...req });
  }

  /** Feed every custom message here; true if it was this view's. */
  onMessage(content: unknown, buffers?: Array<ArrayBuffer | ArrayBufferView>): boolean {
    if (!isCalibrationReply(content)) return false;
    const r = content;
    this.pending = Math.max(0, this.pending - 1);
    this.root.dataset.pending = String(this.pending);
    if (r.pairs && r.id !== this.sampleId) return true; // pairs of an older request
    if (r.pairs) this.takeThumbnails(buffers ?? []);
    // marks made since are still on their way: their answers will carry them
    if (r.pairs || this.pending === 0) this.pairs.update(r);
    if (r.pairs) this.renderPairs();
    this.setStatus(r.ok ? "" : r.error || "failed");
    this.showEstimate(r.estimate);
    this.render();
    return true;
  }

  private takeThumbnails(buffers: Array<ArrayBuffer | ArrayBufferView>): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    const urls = buffers.map((b) => URL.createObjectURL(new Blob([b as BlobPart], { type: "image/png" })));
    this.urls = urls;
    this.thumb = (i) => (i >= 0 && i < urls.length ? urls[i] : null);
  }

  private thumb: (image: number) => string | null = () => null;

  private showEstimate(e: CalibrationEstimate): void {
    this.shown = e;
    this.estimate.replaceChildren(...infoRows(estimateRows(e)));
    this.applyButton.disabled = e.suggested_threshold === null;
    const d = this.root.dataset;
    d.threshold = String(e.threshold);
    d.nMarked = String(e.n_marked);
    d.nMarkedBelow = String(e.n_marked_below);
    d.precision = e.precision === null ? "" : String(e.precision);
    d.suggested = e.suggested_threshold === null ? "" : String(e.suggested_threshold);
  }

  /** New pairs: rows built once (buttons stay put while marking, so focus stays too). */
  private renderPairs(): void {
    const { pairs } = this.pairs;
    this.root.dataset.nPairs = String(pairs.length);
    if (!pairs.length) {
      this.list.replaceChildren(h("div", "hdbscope-review-empty", "no near-duplicate links around this threshold"));
      return;
    }
    this.list.replaceChildren(...pairs.map((p, q) => {
      const row = h("div", "hdbscope-calibration-pair");
      row.dataset.pair = String(q);
      const card = (c: typeof p.a) => sampleCard(c, { thumb: this.thumb(c.image), hasImages: this.host.hasImages, color: this.host.colorOf(c.index) });
      const meta = h("div", "hdbscope-calibration-meta");
      meta.append(h("div", "hdbscope-card-line", `pair ${q + 1} · distance ${fmtValue(p.distance)}`),
        h("div", "hdbscope-card-line hdbscope-calibration-side"), h("div", "hdbscope-calibration-mark"),
        button("Same (s)", "hdbscope-calibration-same", `pair ${q + 1}: the same thing`, () => this.mark(q, "same")),
        button("Different (d)", "hdbscope-calibration-different", `pair ${q + 1}: different things`, () => this.mark(q, "different")));
      row.append(card(p.a), card(p.b), meta);
      row.addEventListener("click", (e) => { if (!(e.target instanceof HTMLButtonElement)) { this.pairs.cursor = q; this.render(); } });
      return row;
    }));
  }

  /** Marks, sides and the cursor, in the rows there are. */
  private render(): void {
    const { marks, sides, cursor } = this.pairs;
    this.root.dataset.cursor = String(cursor);
    for (const row of Array.from(this.list.children) as HTMLElement[]) {
      if (row.dataset.pair === undefined) continue;
      const q = Number(row.dataset.pair);
      row.dataset.side = sides[q] ?? "";
      row.dataset.mark = marks[q] ?? "";
      const side = row.querySelector(".hdbscope-calibration-side"), mark = row.querySelector(".hdbscope-calibration-mark");
      if (side) side.textContent = sides[q] === "below" ? "linked (at or below the threshold)" : "not linked (above the threshold)";
      if (mark) mark.textContent = marks[q] ? `marked ${marks[q]}` : "not marked";
      const on = q === cursor;
      row.setAttribute("aria-selected", String(on));
      if (on && typeof row.scrollIntoView === "function") row.scrollIntoView({ block: "nearest" });
    }
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
    this.root.dataset.error = text;
  }

  dispose(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }
}
