// The two parameter sliders and their traffic to Python: values go out through
// a LatestSender (one request in flight, the newest value next); values set in
// Python move the sliders without being sent back.
import { h } from "./dom";
import { LogSlider } from "./sliders";
import { LatestSender } from "./throttle";
import type { Model } from "./model/traits";

export interface Params { min_cluster_size: number; duplicate_threshold: number }

export class ParamControls {
  readonly root = h("div", "hdbscope-controls");
  private readonly mcs: LogSlider;
  private readonly dt: LogSlider;
  private readonly sender: LatestSender<Params>;

  /** @param moved  told of every slider move first (the browser may answer it itself: kernelless/preview.ts) */
  constructor(private readonly model: Model, private readonly busyChanged: () => void,
    private readonly moved?: (p: Params) => void) {
    this.sender = new LatestSender<Params>((p) => this.send(p), (p) =>
      p.min_cluster_size === model.get("min_cluster_size") && p.duplicate_threshold === model.get("duplicate_threshold"));
    const request = () => {
      const p = { min_cluster_size: this.mcs.value, duplicate_threshold: this.dt.value };
      this.moved?.(p);
      this.sender.request(p);
      this.busyChanged();
    };
    this.mcs = new LogSlider("min_cluster_size", "min_cluster_size", true, request);
    this.dt = new LogSlider("duplicate_threshold", "duplicate_threshold", false, request);
    this.root.append(this.mcs.root, this.dt.root);
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
  }

  private send(p: Params): void {
    for (const key of ["min_cluster_size", "duplicate_threshold"] as const) {
      if (this.model.get(key) !== p[key]) this.model.set(key, p[key]);
    }
    this.model.save_changes();
  }
}
