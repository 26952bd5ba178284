// Fetches tooltip details from Python on demand: one request in flight, the
// newest hovered point next; answers and thumbnails cached (small LRU), so
// images are only ever fetched one at a time, when looked at.
import { LatestSender } from "./throttle";
import { isHoverReply, HoverReply, HoverRequest } from "./model/messages";
import type { Model } from "./model/traits";

const MAX_THUMBS = 200;
const MAX_INFOS = 500;

export class HoverClient {
  private nextId = 1;
  private readonly sender: LatestSender<number>;
  private readonly thumbs = new Map<number, string>(); // index -> object URL
  private readonly infos = new Map<string, HoverReply>(); // "seq:index" -> reply

  constructor(
    private readonly model: Model,
    private readonly answered: (reply: HoverReply, thumb: string | null) => void,
  ) {
    this.sender = new LatestSender<number>((index) => {
      const request: HoverRequest = { type: "hover", id: this.nextId++, index };
      this.model.send(request);
    }, undefined, 10_000);
  }

  request(index: number, seq: number): void {
    const cached = this.infos.get(`${seq}:${index}`);
    if (cached) {
      this.answered(cached, this.thumbs.get(index) ?? null);
      return;
    }
    this.sender.request(index);
  }

  /** Feed every custom message here; returns true if it was a hover reply. */
  onMessage(content: unknown, buffers: Array<ArrayBuffer | ArrayBufferView> | undefined): boolean {
    if (!isHoverReply(content)) return false;
    this.sender.replied();
    const r = content;
    lruSet(this.infos, `${r.seq}:${r.index}`, r, MAX_INFOS);
    let thumb = this.thumbs.get(r.index) ?? null;
    if (!thumb && r.has_image && buffers && buffers.length > 0) {
      thumb = URL.createObjectURL(new Blob([buffers[0] as BlobPart], { type: r.image_mime || "image/png" }));
      const evicted = lruSet(this.thumbs, r.index, thumb, MAX_THUMBS);
      if (evicted) URL.revokeObjectURL(evicted);
    }
    this.answered(r, thumb);
    return true;
  }

  dispose(): void {
    this.sender.cancel();
    for (const url of this.thumbs.values()) URL.revokeObjectURL(url);
    this.thumbs.clear();
    this.infos.clear();
  }
}

/** Insert into a Map used as an LRU; returns the evicted value, if any. */
export function lruSet<K, V>(map: Map<K, V>, key: K, value: V, max: number): V | undefined {
  map.delete(key);
  map.set(key, value);
  if (map.size <= max) return undefined;
  const oldest = map.keys().next().value as K;
  const v = map.get(oldest);
  map.delete(oldest);
  return v;
}
