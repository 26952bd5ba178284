// An in-page stand-in for the anywidget model (the Model interface the views
// use), for pages with no kernel: trait values live here, set() fires
// change events like Backbone's, and save_changes() / send() go to local
// handlers instead of Python.
import type { Callback, Model, Traits } from "../model/traits";

// Views register callbacks of many shapes; events here are fired with no arguments.
type Listener = (...args: unknown[]) => void;

export interface LocalHandlers {
  /** Traits set by the view since the last save_changes(). */
  saved(changed: Set<keyof Traits>): void;
  /** A custom message from the view (hover, review, edit requests). */
  sent(content: unknown): void;
}

export class LocalModel implements Model {
  private readonly listeners = new Map<string, Listener[]>();
  private dirty = new Set<keyof Traits>();
  handlers: LocalHandlers = { saved: () => undefined, sent: () => undefined };

  constructor(private readonly state: Partial<Traits>) {}

  get<K extends keyof Traits>(key: K): Traits[K] {
    return this.state[key] as Traits[K];
  }

  set<K extends keyof Traits>(key: K, value: Traits[K]): void {
    this.dirty.add(key);
    this.update({ [key]: value } as Partial<Traits>);
  }

  /** Set values as the "kernel" would: change events, nothing reported back. */
  update(values: Partial<Traits>): void {
    const changed = Object.keys(values) as Array<keyof Traits>;
    Object.assign(this.state, values);
    for (const key of changed) this.emit(`change:${String(key)}`);
  }

  save_changes(): void {
    const changed = this.dirty;
    this.dirty = new Set();
    if (changed.size) this.handlers.saved(changed);
  }

  on(event: string, cb: Callback): void {
    const list = this.listeners.get(event) ?? [];
    list.push(cb as Listener);
    this.listeners.set(event, list);
  }

  off(event?: string | null, cb?: Callback | null): void {
    if (!event) { this.listeners.clear(); return; }
    if (!cb) { this.listeners.delete(event); return; }
    this.listeners.set(event, (this.listeners.get(event) ?? []).filter((f) => f !== cb));
  }

  send(content: unknown): void {
    this.handlers.sent(content);
  }

  emit(event: string, ...args: unknown[]): void {
    for (const cb of (this.listeners.get(event) ?? []).slice()) cb(...args);
  }
}
