// A labelled log-scale slider: integer (min_cluster_size) or float
// (duplicate_threshold); and a linear one for a score cut in [0, 1]
// (outlier_threshold). Shows its value; reports moves through onInput.
import { h, suppressShortcuts } from "./dom";
import { floatLogPosition, floatLogValue, formatThreshold, intLogSteps, nearestStep, safeLogRange } from "./logscale";

const FLOAT_STEPS = 240;

export class LogSlider {
  readonly root: HTMLLabelElement;
  readonly input: HTMLInputElement;
  private readonly out: HTMLOutputElement;
  private steps: Int32Array = new Int32Array([2]);
  private lo = 1;
  private hi = 10;
  private current = NaN;

  constructor(
    readonly name: string, // trait name, also the CSS hook: hdbscope-slider-<name>
    label: string,
    private readonly integer: boolean,
    private readonly onInput: (value: number) => void,
  ) {
    this.root = h("label", `hdbscope-slider hdbscope-slider-${name.replace(/_/g, "-")}`);
    const text = h("span", "hdbscope-slider-label", label);
    this.input = suppressShortcuts(h("input", "hdbscope-slider-input"));
    this.input.type = "range";
    this.input.step = "1";
    this.input.min = "0";
    this.input.name = name;
    this.input.setAttribute("aria-label", label);
    this.out = h("output", "hdbscope-slider-value");
    this.root.append(text, this.input, this.out);
    this.input.addEventListener("input", () => {
      const v = this.valueAt(Number(this.input.value));
      this.show(v);
      this.onInput(v);
    });
  }

  get value(): number { return this.current; }

  setRange(lo: number, hi: number): void {
    if (this.integer) {
      this.steps = intLogSteps(lo, hi);
      this.input.max = String(this.steps.length - 1);
    } else {
      [this.lo, this.hi] = safeLogRange(lo, hi);
      this.input.max = String(FLOAT_STEPS);
    }
    if (!Number.isNaN(this.current)) this.setValue(this.current);
  }

  /** Value set from Python: move the thumb without reporting it back. */
  setValue(v: number): void {
    this.input.value = String(this.positionOf(v));
    this.show(v);
  }

  protected valueAt(pos: number): number {
    if (this.integer) return this.steps[Math.max(0, Math.min(this.steps.length - 1, pos))];
    return floatLogValue(this.lo, this.hi, FLOAT_STEPS, pos);
  }

  protected positionOf(v: number): number {
    return this.integer ? nearestStep(this.steps, v) : floatLogPosition(this.lo, this.hi, FLOAT_STEPS, v);
  }

  protected show(v: number): void {
    this.current = v;
    const text = this.integer ? String(v) : formatThreshold(v);
    this.out.textContent = text;
    this.root.dataset.value = String(v);
  }
}

const CUT_STEPS = 200;

/** A GLOSH score cut: linear over [0, 1] in CUT_STEPS steps (scores are already in [0, 1]). */
export class CutSlider extends LogSlider {
  constructor(name: string, label: string, onInput: (value: number) => void) {
    super(name, label, false, onInput);
    this.input.max = String(CUT_STEPS);
  }

  override setRange(): void { /* always [0, 1] */ }

  protected override valueAt(pos: number): number {
    return Math.max(0, Math.min(CUT_STEPS, pos)) / CUT_STEPS;
  }

  protected override positionOf(v: number): number {
    return Math.round(Math.max(0, Math.min(1, v)) * CUT_STEPS);
  }
}
