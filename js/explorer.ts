// One view of the ClusterExplorer model: wires the model's traits to the
// sliders, summary, scatter, legend and tooltip, and user input back to Python.
import { decodeSelection, encodeSelection, combineSelection } from "./selection";
import { slotColor } from "./palette";
import { clusterSizes, countClusters } from "./sizes";
import { Toolbar } from "./toolbar";
import { Legend, LegendState } from "./legend";
import { ResultLayers } from "./layers";
import { ParamControls } from "./params";
import { publishAttributes } from "./attributes";
import { SummaryBar } from "./summary";
import { Tooltip } from "./tooltip";
import { HoverClient } from "./hover";
import { Scatter, SelectMode } from "./scatter";
import type { FrameInfo } from "./gl/frame";
import { readTheme, watchTheme } from "./theme";
import { h, rgbCss } from "./dom";
import { Callback, Model, ResultArrays, readPositions, readResult } from "./model/traits";
import { asInt32 } from "./buffers";
import { ColorBySwitch } from "./colorswitch";
import { ReviewPanel } from "./review/panel";
import { ReviewQueue } from "./review/queue";
import { Spotlight } from "./review/spotlight";
import { AnyLabelled, labelName } from "./review/labels";
import { PointColors, pointColors } from "./pointcolors";
import { LocalPreview } from "./kernelless/preview";
import type { Moved } from "./params";

export class ExplorerView {
  readonly root = h("div", "hdbscope-explorer");
  private readonly scatter: Scatter;
  private readonly params: ParamControls;
  private readonly summary = new SummaryBar();
  private readonly legend: Legend;
  private readonly tooltip: Tooltip;
  private readonly hover: HoverClient;
  private readonly legendState: LegendState = { hiddenSlots: new Set(), hideRest: false, hidden: new Set() };
  private readonly disposers: Array<() => void> = [];
  private positions: Float32Array = new Float32Array(0);
  private n = 0;
  private result: ResultArrays | null = null;
  private slots: Int32Array = new Int32Array(0); // color slot per cluster, from Python
  private sizes: Int32Array = new Int32Array(0); // per cluster id
  private readonly layers: ResultLayers;
  private readonly anyLabelled = new AnyLabelled();
  private selection: Uint32Array = new Uint32Array(0);
  private renders = 0;
  private readonly colorBy: ColorBySwitch;
  private readonly review: ReviewPanel;
  private readonly spotlight: Spotlight; // what the review panel points at
  private labelCodes: Int32Array = new Int32Array(0); // given labels (constant)
  private colored: PointColors | null = null;

  private readonly preview: LocalPreview | null;
  private previewed: Moved | null = null; // the values of the preview shown, until Python's answer

  constructor(private readonly model: Model, style: string) {
    const styleEl = h("style");
    styleEl.textContent = style;
    this.preview = LocalPreview.from(model);
    this.params = new ParamControls(model, () => this.updateBusy(), (p) => this.onMove(p));
    this.legend = new Legend(this.legendState, () => this.applyVisibility());
    this.tooltip = new Tooltip(model.get("has_labels"), model.get("has_images"));
    this.hover = new HoverClient(model, (r, thumb) => this.tooltip.complete(r, thumb));
    this.colorBy = new ColorBySwitch(model, model.get("has_labels"));
    this.params.root.append(this.colorBy.root);
    this.review = new ReviewPanel(model, {
      hasImages: !!model.get("has_images"),
      colorOf: (i) => { const c = this.colorOf(i); return c === "noise" ? "" : c; },
      selection: () => this.selection,
      showItem: (members, move) => this.spotlight.showItem(members, move),
      showNeighbours: (idx, fit) => this.spotlight.showNeighbors(idx, fit),
    });
    this.scatter = new Scatter({
      hover: (i, x, y) => this.onHover(i, x, y),
      select: (picked, mode) => this.select(picked, mode),
      drawn: (info) => this.publish(info),
    }, model.get("height") || 480);
    this.spotlight = new Spotlight(this.scatter, () => this.positions);
    this.layers = new ResultLayers(this.scatter);

    const plot = h("div", "hdbscope-plot");
    plot.append(this.scatter.root, this.tooltip.root);
    const body = h("div", "hdbscope-body");
    body.append(plot, this.legend.root);
    const toolbar = new Toolbar({
      setTool: (tool) => { this.scatter.tool = tool; this.root.dataset.tool = tool; },
      resetView: () => this.scatter.resetView(),
      clearSelection: () => this.select(new Uint32Array(0), "replace"),
    });
    toolbar.select("pan");
    this.root.append(styleEl, this.params.root, this.summary.root, body, toolbar.root, this.review.root);
    this.root.dataset.renderCount = "0";
    this.root.dataset.webgl = this.scatter.webgl ? "webgl2" : "none";

    this.scatter.theme = readTheme(this.root);
    this.disposers.push(watchTheme(() => this.refreshTheme()));
    this.listen("change:positions", () => this.onPositions());
    this.listen("change:seq", () => this.onResult());
    this.listen("change:selected", () => this.onSelected());
    for (const [event, cb] of this.params.listeners()) this.listen(event, cb);
    this.listen("change:error", () => this.summary.setError(model.get("error")));
    this.listen("change:color_by", () => { this.colorBy.sync(); this.legendState.hiddenSlots.clear(); this.legendState.hideRest = false; this.applyVisibility(); });
    this.listen("change:label_codes", () => { this.labelCodes = asInt32(model.get("label_codes")); this.layers.invalidate(); this.applyVisibility(); });
    this.listen("msg:custom", (content: unknown, buffers?: ArrayBufferView[]) => {
      if (!this.hover.onMessage(content, buffers)) this.review.onMessage(content, buffers);
    });
    this.labelCodes = asInt32(model.get("label_codes"));
    this.summary.setError(model.get("error"));
    this.onPositions();
    // For end-to-end tests: where a point is on screen (CSS px, relative to the plot).
    (this.root as unknown as { hdbscope: unknown }).hdbscope = {
      screenPosition: (i: number) => this.scatter.camera.toScreen(this.positions[2 * i], this.positions[2 * i + 1]),
      pickAt: (x: number, y: number) => this.scatter.pickAt(x, y),
      scatter: this.scatter,
      colorOf: (i: number) => this.colorOf(i),
      review: this.review,
    };
  }

  private listen(event: string, cb: Callback): void {
    this.model.on(event, cb);
    this.disposers.push(() => this.model.off(event, cb));
  }

  /** Call once the root is in the document (sizes the canvas). */
  attached(): void {
    this.refreshTheme();
    this.scatter.resize();
  }

  private refreshTheme(): void {
    this.scatter.theme = readTheme(this.root);
    this.root.dataset.theme = this.scatter.theme.dark ? "dark" : "light";
    this.scatter.requestDraw();
  }

  private updateBusy(): void {
    const busy = this.params.busy;
    this.summary.setBusy(busy);
    this.root.dataset.busy = String(busy);
  }

  private onPositions(): void {
    this.positions = readPositions(this.model);
    this.n = this.positions.length >> 1;
    this.scatter.setPositions(this.positions);
    this.onResult();
    this.onSelected();
  }

  /** A slider moved: with the fitted state at hand, show the new result now (Python's follows). */
  private onMove(p: Moved): void {
    if (!this.preview || !this.result) return;
    this.previewed = p;
    const cut = p.outlier_threshold ?? this.preview.userCut(this.model);
    this.root.dataset.previewCut = String(cut); // null: the default rule
    this.show(this.preview.result(p.min_cluster_size, p.duplicate_threshold, cut, this.result));
    this.root.dataset.previews = String(Number(this.root.dataset.previews || 0) + 1);
  }

  private onResult(): void {
    const r = readResult(this.model);
    if (r.clusters.length !== this.n || r.flags.length !== this.n) {
      this.summary.setError(`result has ${r.clusters.length} labels for ${this.n} points`);
      return;
    }
    this.params.replied(); // may send the newest pending value at once
    const p = this.previewed;
    const stale = p !== null && this.params.busy
      && (r.summary.min_cluster_size !== p.min_cluster_size || r.summary.duplicate_threshold !== p.duplicate_threshold);
    // Python's answer to an older value while a newer one is shown (previewed) and asked for: not drawn
    if (!stale) { this.show(r); this.previewed = null; }
    this.review.setChoices(this.model.get("label_choices") || []);
    this.review.setEditState(this.model.get("edit_state"));
    this.review.setQueue(ReviewQueue.decode(this.model.get("queue_counts"), this.model.get("queue_sizes"), this.model.get("queue_members")), r.seq);
    // a tooltip that is open keeps showing the point, with fresh details
    const shown = this.tooltip.shownIndex;
    if (shown >= 0) this.hover.request(shown, r.seq);
  }

  /** Draw one result (from Python, or a preview computed here). */
  private show(r: ResultArrays): void {
    if (countClusters(r.clusters) > r.colorSlots.length) {
      this.summary.setError(`result has ${r.colorSlots.length} color slots for ${countClusters(r.clusters)} clusters`);
      return;
    }
    this.slots = r.colorSlots;
    this.sizes = clusterSizes(r.clusters, r.colorSlots.length);
    this.result = r;
    this.layers.invalidate();
    this.summary.setSummary(r.summary);
    this.summary.showLabelCheck(this.model.get("has_labels") || this.anyLabelled.of(r.currentCodes));
    this.applyVisibility();
  }

  /** A point's colour as drawn (CSS), or "noise" for grey. */
  private colorOf(i: number): string {
    const { ids, slots } = this.colored ?? this.pointColors();
    const c = i < ids.length ? ids[i] : -1;
    return c >= 0 ? rgbCss(slotColor(slots[c])) : "noise";
  }

  private pointColors(): PointColors {
    const r = this.result;
    return pointColors(this.model.get("color_by") || "cluster", this.n, r ? r.clusters : null, this.slots,
      this.labelCodes, r ? r.currentCodes : new Int32Array(0));
  }

  /** Legend state -> colour table, shader flags, marker lists, links, pick filter. */
  private applyVisibility(): void {
    const r = this.result;
    if (!r) return;
    this.colored = this.pointColors();
    const { mode, ids, slots, byCluster } = this.colored;
    const sizes = byCluster ? this.sizes : clusterSizes(ids, slots.length);
    const excluded = this.layers.upload(r, this.colored, sizes, this.legendState, this.positions);
    const names = this.model.get("label_names") || {};
    const hasLabels = this.model.get("has_labels") || this.anyLabelled.of(r.currentCodes);
    this.legend.render({
      sizes, slots,
      outliers: r.summary.n_outliers, potential_outliers: r.summary.n_potential_outliers,
      duplicates: r.summary.n_duplicate_groups, near_duplicates: r.summary.n_near_duplicate_groups,
      label_disagreements: hasLabels ? r.summary.n_label_disagreements ?? 0 : null,
      excluded,
      labelName: byCluster ? undefined : (code) => labelName(names, code),
    });
    this.root.dataset.colorBy = mode;
    this.scatter.requestDraw();
  }

  private onSelected(): void {
    this.selection = decodeSelection(this.model.get("selected"), this.n);
    this.scatter.renderer?.setSelection(this.selection);
    this.scatter.look.dimUnselected = this.selection.length > 0;
    this.summary.setSelected(this.selection.length);
    this.review.selectionChanged();
    this.scatter.requestDraw();
  }

  private select(picked: Uint32Array, mode: SelectMode): void {
    const next = combineSelection(this.selection, picked, this.n, mode);
    if (next.length === 0 && this.selection.length === 0) return;
    const bytes = encodeSelection(next, this.n);
    this.model.set("selected", new DataView(bytes.buffer));
    this.model.save_changes();
    this.onSelected();
  }

  private onHover(i: number, clientX: number, clientY: number): void {
    const r = this.result;
    this.scatter.renderer?.setHover(i);
    this.scatter.requestDraw();
    this.root.dataset.hoverIndex = String(i);
    if (i < 0 || !r) { this.tooltip.hide(); return; }
    const c = r.clusters[i];
    const box = this.scatter.root.getBoundingClientRect();
    this.tooltip.show({ index: i, cluster: c, slot: c >= 0 ? this.slots[c] : -1, flags: r.flags[i] },
      clientX - box.left, clientY - box.top, box);
    this.hover.request(i, r.seq);
  }

  /** After each frame: data-* attributes for tests (render count last). */
  private publish(info: FrameInfo | null): void {
    this.renders += 1;
    if (info) {
      // how the points were drawn, and which markers became shades (docs/performance.md)
      this.root.dataset.pointsMode = info.points;
      this.root.dataset.shaded = String(info.tint);
      this.legend.setShaded(info.tint);
    }
    publishAttributes(this.root, {
      result: this.result, nPoints: this.n, nSelected: this.selection.length, busy: this.params.busy, renders: this.renders,
    });
  }

  dispose(): void {
    for (const f of this.disposers.splice(0)) f();
    this.params.cancel();
    this.hover.dispose();
    this.review.dispose();
    this.scatter.dispose();
    this.root.remove();
  }
}
