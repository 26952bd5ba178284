// The review panel's current item: its samples' cards side by side (placeholders
// until Python's details arrive, then images, labels and keep / exclude), their
// nearest neighbours (marking those that carry the suggested label) and the
// item's info rows. Re-rendering keeps the keyboard in the panel.
import { h } from "../dom";
import type { ReviewCard, ReviewReply } from "../model/messages";
import type { ActionBar } from "./actions";
import { pendingCard, sampleCard } from "./cards";
import { detailRows, infoRows } from "./details";
import type { ReviewHost } from "./host";

export class ItemView {
  readonly body = h("div", "hdbscope-review-body");
  private readonly members = h("div", "hdbscope-review-members");
  private readonly info = h("div", "hdbscope-review-info");
  private readonly neighbours = h("div", "hdbscope-review-neighbours");
  private shownKey = "";
  fitPending = false; // the view moved to a new item: fit its neighbours when they arrive

  constructor(
    private readonly root: HTMLElement, // the panel: its dataset and focus
    private readonly host: ReviewHost,
    private readonly actions: ActionBar,
    private readonly editOne: (i: number, action: "keep" | "exclude") => void,
  ) {
    const nb = h("div", "hdbscope-review-side");
    nb.append(h("div", "hdbscope-review-subtitle", "nearest neighbours (data space)"), this.neighbours);
    const main = h("div", "hdbscope-review-main");
    main.append(this.members, this.info);
    this.body.append(main, nb);
  }

  /** No item: nothing shown. */
  clear(): void {
    this.keepFocus(() => {
      this.members.replaceChildren();
      this.neighbours.replaceChildren();
      this.info.replaceChildren();
    });
    this.shownKey = "";
  }

  /** Placeholder cards for the item `key` until its details arrive (nothing if they are shown already). */
  showPending(key: string, members: Int32Array): void {
    if (key === this.shownKey) return; // details of this item are shown; fresh ones are on their way
    this.shownKey = key;
    delete this.root.dataset.ready;
    this.actions.setSuggestion(null); // the new item's comes with its details
    const m = Array.from(members).slice(0, 12);
    this.keepFocus(() => {
      this.members.replaceChildren(...m.map((i) => pendingCard(i, this.host.hasImages)));
      this.neighbours.replaceChildren();
      this.info.replaceChildren();
    });
  }

  /** Python's details of the current item. */
  showReply(r: ReviewReply, thumb: (c: ReviewCard) => string | null): void {
    const card = (c: ReviewCard, member: boolean) => sampleCard(c, {
      thumb: thumb(c), hasImages: this.host.hasImages, color: this.host.colorOf(c.index),
      actions: member ? { keep: () => this.editOne(c.index, "keep"), exclude: () => this.editOne(c.index, "exclude") } : undefined,
    });
    const rows = detailRows(r);
    const s = r.suggestion ?? null;
    const first = r.members[0];
    // key 1 gives the neighbours' label, unless the item already carries it
    this.actions.setSuggestion(s && first && s.label !== first.current_label ? s : null);
    const supporters = new Set(s ? s.supporters : []);
    const neighbourCard = (c: ReviewCard) => {
      const el = card(c, false);
      if (supporters.has(c.index)) {
        el.dataset.supports = "true";
        el.title = `carries the suggested label ${s ? s.label : ""}`;
      }
      return el;
    };
    this.keepFocus(() => {
      this.members.replaceChildren(...r.members.map((c) => card(c, true)));
      this.neighbours.replaceChildren(...(r.neighbors.length ? r.neighbors.map(neighbourCard)
        : [h("div", "hdbscope-review-empty", "none")]));
      this.info.replaceChildren(...infoRows(rows));
    });
    this.host.showNeighbours(r.neighbors.map((c) => c.index), this.fitPending);
    this.fitPending = false;
    this.root.dataset.ready = "true";
  }

  /** Re-rendering removes focused buttons: keep the keyboard in the panel. */
  keepFocus(f: () => void): void {
    const had = this.root.contains(document.activeElement);
    f();
    if (had && !this.root.contains(document.activeElement)) this.root.focus({ preventScroll: true });
  }
}
