// The three parameter sliders and their traffic to Python: values go out through
// a LatestSender (one request in flight, the newest value next); values set in
// Python move the sliders without being sent back.
import { h } from "./dom";
import { CutSlider, LogSlider } from "./sliders";
import { LatestSender } from "./throttle";
import type { Model } from "./model/traits";

export interface Params { min_cluster_size: number; duplicate_threshold: number; outlier_threshold: number }
/** What a preview needs: outlier_threshold null while it follows the default rule. */
export interface Moved { min_cluster_size: number; duplicate_threshold: number; outlier_threshold: number | null }
const KEYS = ["min_cluster_size", "duplicate_threshold", "outlier_threshold"] as const;

export class ParamControls {
  readonly root = h("div", "hdbscope-controls");
  private readonly mcs: LogSlider;
  private readonly dt: LogSlider;
  private readonly ot: CutSlider;
  private readonly sender: LatestSender<Partial<Params>>;

  // slider values moved since the last send: only those go, so a fast min_cluster_size
  // drag never pins outlier_threshold (which follows its default until the user moves it)
  private wanted: Partial<Params> = {};
  private cutMoved = false; // outlier_threshold set by this slider (else it follows the default rule)

  /** @param moved  told of every slider move first, with every slider's value (outlier_threshold null
   *  while it follows its default): the browser may answer it itself (kernelless/preview.ts) */
  constructor(private readonly model: Model, private readonly busyChanged: () => void,
    private readonly moved?: (p: Moved) => void) {
    this.sender = new LatestSender<Partial<Params>>((p) => this.send(p), (p) =>
      KEYS.every((key) => p[key] === undefined || p[key] === model.get(key)));
    const request = (key: keyof Params) => (value: number) => {
      this.wanted = { ...this.wanted, [key]: value };
      if (key === "outlier_threshold") this.cutMoved = true;
      this.moved?.({ min_cluster_size: this.mcs.value, duplicate_threshold: this.dt.value,
        outlier_threshold: this.cutMoved ? this.ot.value : null });
      this.sender.request(this.wanted);
      this.busyChanged();
    };
    this.mcs = new LogSlider("min_cluster_size", "min_cluster_size", true, request("min_cluster_size"));
    this.dt = new LogSlider("duplicate_threshold", "duplicate_threshold", false, request("duplicate_threshold"));
    this.ot = new CutSlider("outlier_threshold", "outlier_threshold", request("outlier_threshold"));
    this.root.append(this.mcs.root, this.dt.root, this.ot.root);
    this.setRanges();
  }

  /** Is a request waiting for its result? */
  get busy(): boolean { return this.sender.busy; }

  /** A result arrived: the next (newest) pending value may go. */
  replied(): void {
    this.sender.replied();
    this.busyChanged();
  }

  /** Model events this component follows (the caller registers and removes them). */
  listeners(): Array<[string, () => void]> {
    return [
      ["change:min_cluster_size", () => this.mcs.setValue(this.model.get("min_cluster_size"))],
      ["change:duplicate_threshold", () => this.dt.setValue(this.model.get("duplicate_threshold"))],
      ["change:outlier_threshold", () => this.ot.setValue(this.model.get("outlier_threshold"))],
      ["change:min_cluster_size_range", () => this.setRanges()],
      ["change:duplicate_threshold_range", () => this.setRanges()],
    ];
  }

  cancel(): void { this.sender.cancel(); }

  private setRanges(): void {
    const [a, b] = this.model.get("min_cluster_size_range");
    const [c, d] = this.model.get("duplicate_threshold_range");
    this.mcs.setRange(a, b);
    this.dt.setRange(c, d);
    this.mcs.setValue(this.model.get("min_cluster_size"));
    this.dt.setValue(this.model.get("duplicate_threshold"));
    this.ot.setValue(this.model.get("outlier_threshold"));
  }

  private send(p: Partial<Params>): void {
    this.wanted = {};
    for (const key of KEYS) {
      const v = p[key];
      if (v !== undefined && this.model.get(key) !== v) this.model.set(key, v);
    }
    this.model.save_changes();
  }
}
