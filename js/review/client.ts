// Messages between the review panel and Python: item details (one request in
// flight, the newest item next; thumbnails come as PNG buffers and are kept
// as object URLs per sample), and edits (each answered by id).
import { LatestSender } from "../throttle";
import { lruSet } from "../hover";
import { EditReply, EditRequest, ReviewCard, ReviewReply, ReviewRequest, isEditReply, isReviewReply } from "../model/messages";
import type { Model } from "../model/traits";

const MAX_THUMBS = 300;
const NEIGHBORS = 6;

export type EditCommand = Omit<EditRequest, "type" | "id">;

export class ReviewClient {
  private nextId = 1;
  private readonly sender: LatestSender<{ key: string; members: number[] }>;
  private readonly keys = new Map<number, string>(); // request id -> item key
  private readonly thumbs = new Map<number, string>(); // sample index -> object URL
  private readonly edits = new Map<number, (r: EditReply) => void>();

  constructor(
    private readonly model: Model,
    private readonly answered: (key: string, reply: ReviewReply, thumb: (c: ReviewCard) => string | null) => void,
  ) {
    this.sender = new LatestSender((req) => {
      const id = this.nextId++;
      this.keys.set(id, req.key);
      const request: ReviewRequest = { type: "review", id, members: req.members, k: NEIGHBORS };
      this.model.send(request);
    }, undefined, 15_000);
  }

  /** Ask for an item's details; `key` comes back with the answer. */
  request(key: string, members: ArrayLike<number>): void {
    this.sender.request({ key, members: Array.from(members) });
  }

  edit(cmd: EditCommand, done: (r: EditReply) => void): void {
    const id = this.nextId++;
    this.edits.set(id, done);
    this.model.send({ type: "edit", id, ...cmd });
  }

  get editsPending(): number { return this.edits.size; }

  /** Feed every custom message here; true if it was for the review panel. */
  onMessage(content: unknown, buffers: Array<ArrayBuffer | ArrayBufferView> | undefined): boolean {
    if (isEditReply(content)) {
      const done = this.edits.get(content.id);
      this.edits.delete(content.id);
      done?.(content);
      return true;
    }
    if (!isReviewReply(content)) return false;
    this.sender.replied();
    const key = this.keys.get(content.id);
    this.keys.delete(content.id);
    const urls = new Map<number, string>();
    for (const c of [...content.members, ...content.neighbors]) {
      let url = this.thumbs.get(c.index);
      if (!url && c.image >= 0 && buffers && c.image < buffers.length) {
        url = URL.createObjectURL(new Blob([buffers[c.image] as BlobPart], { type: "image/png" }));
        const evicted = lruSet(this.thumbs, c.index, url, MAX_THUMBS);
        if (evicted) URL.revokeObjectURL(evicted);
      }
      if (url) urls.set(c.index, url);
    }
    if (key !== undefined) this.answered(key, content, (c) => urls.get(c.index) ?? null);
    return true;
  }

  dispose(): void {
    this.sender.cancel();
    for (const url of this.thumbs.values()) URL.revokeObjectURL(url);
    this.thumbs.clear();
    this.edits.clear();
  }
}
