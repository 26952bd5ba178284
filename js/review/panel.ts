// The review panel: steps through the flagged items (n / p / arrows), shows
// each item's samples side by side with their images, their nearest
// neighbours and their cluster's majority label, and applies edits (1-9,
// typed labels, keep, exclude, undo, redo). The panel element itself is
// focusable and carries data-lm-suppress-shortcuts, so JupyterLab's notebook
// shortcuts leave these keys alone.
//
// Python sends the queue only while the panel is open (the review_open trait):
// opening asks for it, and a step (n, p, Next...) made before it arrives runs
// once it is there. Closed, the header counts the items from the summary.
import { button, h, suppressShortcuts } from "../dom";
import type { ReviewCard, ReviewReply } from "../model/messages";
import type { EditState, Model } from "../model/traits";
import { ActionBar } from "./actions";
import { CalibrationView } from "./calibrationview";
import { EditCommand, ReviewClient } from "./client";
import { Command, KEY_HELP, commandFor } from "./keys";
import { categoryToggles } from "./details";
import { EditSender } from "./editsender";
import type { ReviewHost } from "./host";
import { ItemView } from "./itemview";
import { Choice } from "./labels";
import { OnePerGroup } from "./onepergroup";
import { CATEGORIES, CATEGORY_TEXT, ReviewQueue, relocate, step } from "./queue";

export class ReviewPanel {
  readonly root = suppressShortcuts(h("div", "hdbscope-review"));
  private readonly position = h("span", "hdbscope-review-position");
  private readonly kind = h("span", "hdbscope-review-kind");
  private readonly toggles = h("div", "hdbscope-review-categories");
  private readonly actions: ActionBar;
  private readonly item: ItemView;
  private readonly onePerGroup: OnePerGroup;
  private readonly client: ReviewClient;
  private readonly sender: EditSender;
  private readonly disabled = new Set<number>();
  private queue = ReviewQueue.empty();
  private pos = -1;
  private parked = { queue: ReviewQueue.empty(), pos: -1 }; // the cursor while the queue is not sent
  private pendingStep: Command | null = null; // a step asked for before the queue arrived
  private readonly unlisten: Array<() => void> = [];
  private seq = -1;
  private readonly content = h("div", "hdbscope-review-content");
  private readonly queueView = h("div", "hdbscope-review-queue"); // hidden while calibrating
  private readonly calibration: CalibrationView;
  private readonly openButton: HTMLButtonElement;
  private open = false;

  constructor(private readonly model: Model, private readonly host: ReviewHost) {
    this.root.tabIndex = 0;
    this.root.setAttribute("role", "region");
    this.root.setAttribute("aria-label", "review queue: n / p to step, 1-9 to label, k keep, x exclude, u undo");
    this.client = new ReviewClient(model, (key, reply, thumb) => this.showReply(key, reply, thumb));
    this.actions = new ActionBar({
      relabel: (label) => this.edit({ action: "relabel", label }),
      keep: () => this.edit({ action: "keep" }),
      exclude: () => this.edit({ action: "exclude" }),
      undo: () => this.edit({ action: "undo" }, false),
      redo: () => this.edit({ action: "redo" }, false),
      targetChanged: () => this.updateCounts(),
    });
    this.item = new ItemView(this.root, host, this.actions, (i, action) => this.editOne(i, action));
    this.sender = new EditSender(this.root, this.actions, this.client);
    this.onePerGroup = new OnePerGroup(model, (r) => this.sender.onePerGroupApplied(r));
    this.calibration = new CalibrationView(model, host, (open) => {
      this.queueView.hidden = open;
      if (open && !this.open) this.setOpen(true);
      this.root.focus({ preventScroll: true }); // keys go to the panel, which passes them on
    });
    // Collapsed until used: the explorer stays as compact as without the panel.
    this.openButton = button("▸ Review", "hdbscope-review-open", "show or hide the review panel", () => this.setOpen(!this.open));
    const head = h("div", "hdbscope-review-head");
    head.append(this.openButton,
      button("◀ Prev", "hdbscope-review-prev", "previous item (p, ←)", () => this.run({ kind: "prev" })),
      this.position,
      button("Next ▶", "hdbscope-review-next", "next item (n, →)", () => this.run({ kind: "next" })),
      this.kind, this.calibration.toggle);
    const help = h("div", "hdbscope-review-help", KEY_HELP.map(([k, what]) => `${k}: ${what}`).join(" · "));
    this.queueView.append(this.toggles, this.item.body, this.actions.root, this.onePerGroup.root, help);
    this.content.append(this.queueView, this.calibration.root);
    this.root.append(head, this.content);
    this.setOpen(!!model.get("review_open"), false);
    // The queue also arrives without a new result (the panel opened); as part of one, onResult()
    // passes the same queue again, and setQueue ignores it.
    const fromModel = () => this.setQueue(ReviewQueue.decode(model.get("queue_counts"), model.get("queue_sizes"),
      model.get("queue_members")), model.get("seq"));
    this.listen("change:queue_counts", fromModel);
    this.listen("change:queue_sizes", fromModel);
    this.listen("change:queue_members", fromModel);
    this.listen("change:review_open", () => this.setOpen(!!model.get("review_open"), false));
    this.listen("change:info_columns", () => this.onePerGroup.setColumns(model.get("info_columns") ?? []));
    this.listen("change:seq", () => { // groups and the calibration estimate follow the sliders
      if (this.open) this.onePerGroup.refresh();
      this.calibration.resultChanged();
    });
    this.root.addEventListener("keydown", (e) => this.onKey(e));
    this.render();
  }

  private listen(event: string, cb: () => void): void {
    this.model.on(event, cb);
    this.unlisten.push(() => this.model.off(event, cb));
  }

  // ---------------------------------------------------------------- from the view
  /** A new result or edit: the queue is rebuilt, the cursor kept on its item (or the next). */
  setQueue(next: ReviewQueue, seq: number): void {
    if (seq === this.seq && next.sameAs(this.queue)) return; // the same queue again
    const enabled = this.enabledFn();
    const from = this.queue.loaded ? { queue: this.queue, pos: this.pos } : this.parked;
    const pos = next.loaded ? relocate(from.queue, from.pos, next, enabled) : -1;
    const fromKey = from.pos >= 0 ? from.queue.key(from.pos) : "";
    const hadItem = this.pos >= 0;
    this.parked = next.loaded ? { queue: ReviewQueue.empty(), pos: -1 } : from;
    this.queue = next;
    this.pos = pos;
    this.seq = seq;
    const moved = pos >= 0 && next.key(pos) !== fromKey;
    this.render();
    this.renderToggles();
    if (pos >= 0) this.requestDetails(moved);
    else if (hadItem) { this.host.showItem(null, false); this.host.showNeighbours([], false); }
    const pending = this.pendingStep;
    if (next.loaded && pending) {
      this.pendingStep = null;
      this.run(pending);
    }
  }

  setChoices(choices: Choice[]): void { this.actions.setChoices(choices); }
  setEditState(s: EditState): void { this.actions.setEditState(s); }
  selectionChanged(): void { this.updateCounts(); }

  /** Messages from Python; true if they were the panel's. */
  onMessage(content: unknown, buffers?: ArrayBufferView[]): boolean {
    return this.client.onMessage(content, buffers) || this.onePerGroup.onMessage(content)
      || this.calibration.onMessage(content, buffers);
  }

  /** Go to the item holding sample i, if it is in the queue. */
  showSample(i: number): boolean {
    const q = this.queue.findSample(i, this.enabledFn());
    if (q >= 0) this.go(q);
    return q >= 0;
  }

  get current(): number { return this.pos; }
  /** The queue as decoded from Python's traits (empty and not loaded while the panel is closed). */
  get decodedQueue(): ReviewQueue { return this.queue; }

  // ---------------------------------------------------------------- keys
  private onKey(e: KeyboardEvent): void {
    const calibrating = this.calibration.isOpen; // its keys only, while it is open
    const cmd = calibrating ? null : commandFor(e, e.target === this.actions.input);
    if (calibrating ? !this.calibration.onKey(e) : !cmd) return;
    e.preventDefault();
    e.stopPropagation();
    if (cmd) this.run(cmd);
  }

  run(cmd: Command): void {
    const enabled = this.enabledFn();
    const isStep = cmd.kind === "next" || cmd.kind === "prev" || cmd.kind === "first" || cmd.kind === "last";
    if (isStep && !this.queue.loaded) { // Python sends the queue once the panel is open
      this.pendingStep = cmd;
      this.setOpen(true);
      return;
    }
    switch (cmd.kind) {
      case "next": case "prev": {
        const q = step(this.queue, this.pos, cmd.kind === "next" ? 1 : -1, enabled);
        if (q >= 0) this.go(q);
        break;
      }
      case "first": { const q = step(this.queue, -1, 1, enabled); if (q >= 0) this.go(q); break; }
      case "last": { const q = step(this.queue, -1, -1, enabled); if (q >= 0) this.go(q); break; }
      case "label": if (!this.actions.applyQuick(cmd.rank)) this.actions.setError(`no label on key ${cmd.rank + 1}`); break;
      case "keep": this.edit({ action: "keep" }); break;
      case "exclude": this.edit({ action: "exclude" }); break;
      case "undo": this.edit({ action: "undo" }, false); break;
      case "redo": this.edit({ action: "redo" }, false); break;
      case "editLabel": this.actions.input.focus(); this.actions.input.select(); break;
      case "apply": this.actions.applyTyped(); break;
      case "leaveInput": this.root.focus({ preventScroll: true }); break;
    }
  }

  /**
   * Show or hide everything below the panel's header; `tellPython`: set the
   * model's review_open, so Python starts (or stops) sending the queue.
   */
  setOpen(open: boolean, tellPython = true): void {
    this.open = open;
    this.content.hidden = !open;
    this.openButton.textContent = open ? "▾ Review" : "▸ Review";
    this.openButton.setAttribute("aria-expanded", String(open));
    this.root.dataset.open = String(open);
    if (!open) this.pendingStep = null;
    else this.onePerGroup.refresh();
    if (tellPython && !!this.model.get("review_open") !== open) {
      this.model.set("review_open", open);
      this.model.save_changes();
    }
    this.render();
  }

  private go(q: number): void {
    if (!this.open) this.setOpen(true);
    this.pos = q;
    this.render();
    this.requestDetails(true);
  }

  // ---------------------------------------------------------------- edits
  private edit(cmd: EditCommand, needsTarget = true): void {
    if (needsTarget) {
      if (this.actions.target === "selection") {
        if (this.host.selection().length === 0) { this.actions.setError("nothing selected"); return; }
        cmd = { ...cmd, target: "selection", category: null };
      } else if (this.pos >= 0) {
        cmd = { ...cmd, target: "indices", indices: Array.from(this.queue.membersOf(this.pos)), category: this.categoryName() };
      } else {
        this.actions.setError("step to an item first (n), or select points and apply to the selection");
        return;
      }
    }
    this.sender.send(cmd);
  }

  private editOne(i: number, action: "keep" | "exclude"): void {
    this.sender.send({ action, target: "indices", indices: [i], category: this.categoryName() });
  }

  private categoryName(): string | null {
    return this.pos >= 0 ? CATEGORIES[this.queue.category(this.pos)] : null;
  }

  // ---------------------------------------------------------------- drawing
  private enabledFn(): (cat: number) => boolean {
    return (cat) => !this.disabled.has(cat);
  }

  private requestDetails(moveView: boolean): void {
    const m = this.queue.membersOf(this.pos);
    this.host.showItem(m, moveView);
    if (moveView) {
      this.item.fitPending = true;
      this.host.showNeighbours([], false);
    }
    this.client.request(`${this.seq}|${this.queue.key(this.pos)}`, m);
  }

  /** Items per category: the queue's, or the summary's while the queue is not sent. */
  private counts(): number[] {
    if (this.queue.loaded) return this.queue.counts();
    const s = this.model.get("summary")?.queue;
    return CATEGORIES.map((c) => s?.[c] ?? 0);
  }

  private render(): void {
    const n = this.counts().reduce((a, b) => a + b, 0), q = this.pos;
    this.root.dataset.position = String(q);
    this.root.dataset.items = String(n);
    this.root.dataset.loaded = String(this.queue.loaded);
    this.position.textContent = q >= 0 ? `${q + 1} / ${n}` : this.open && !this.queue.loaded && n ? `loading ${n} items…`
      : n ? `– / ${n}` : "nothing flagged";
    this.updateCounts();
    if (q < 0) {
      delete this.root.dataset.item;
      delete this.root.dataset.category;
      this.actions.setSuggestion(null);
      this.kind.textContent = n ? "press n (or Next) to start" : "";
      this.item.clear();
      return;
    }
    const key = this.queue.key(q);
    this.root.dataset.item = Array.from(this.queue.membersOf(q)).join(",");
    this.root.dataset.category = CATEGORIES[this.queue.category(q)];
    this.kind.textContent = CATEGORY_TEXT[CATEGORIES[this.queue.category(q)]];
    this.item.showPending(key, this.queue.membersOf(q));
  }

  private showReply(key: string, r: ReviewReply, thumb: (c: ReviewCard) => string | null): void {
    if (this.pos < 0 || key !== `${this.seq}|${this.queue.key(this.pos)}`) return; // an older item's answer
    this.item.showReply(r, thumb);
  }

  private renderToggles(): void {
    this.toggles.replaceChildren(...categoryToggles(this.counts(), this.disabled, () => {
      if (this.pos >= 0 && this.disabled.has(this.queue.category(this.pos))) this.run({ kind: "next" });
    }));
  }

  private updateCounts(): void {
    this.actions.setCounts(this.pos >= 0 ? this.queue.size(this.pos) : 0, this.host.selection().length);
  }

  dispose(): void {
    for (const off of this.unlisten.splice(0)) off();
    this.client.dispose();
    this.calibration.dispose();
  }
}
