// At most one request in flight; while it is pending, newer requests replace
// each other and only the newest is sent when the reply arrives. This keeps a
// fast-moving slider from queueing stale work in the kernel.

export class LatestSender<T> {
  private inFlight = false;
  private hasPending = false;
  private pending: T | undefined;
  private sentAt = 0;

  /**
   * @param send        performs the request
   * @param isCurrent   true if the other side already has this value (nothing to send)
   * @param timeoutMs   a reply that never comes frees the slot after this long
   */
  constructor(
    private readonly send: (value: T) => void,
    private readonly isCurrent: (value: T) => boolean = () => false,
    private readonly timeoutMs = 30_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The last value sent. */
  last: T | undefined;

  get busy(): boolean {
    return this.inFlight && this.now() - this.sentAt < this.timeoutMs;
  }

  /** Ask for `value`; returns true if it was sent now. */
  request(value: T): boolean {
    if (this.busy) {
      this.pending = value;
      this.hasPending = true;
      return false;
    }
    return this.dispatch(value);
  }

  /** The reply to the request in flight arrived: send the newest pending one, if any. */
  replied(): boolean {
    this.inFlight = false;
    if (!this.hasPending) return false;
    const value = this.pending as T;
    this.hasPending = false;
    this.pending = undefined;
    return this.dispatch(value);
  }

  /** Forget pending work (the view is going away). */
  cancel(): void {
    this.hasPending = false;
    this.pending = undefined;
    this.inFlight = false;
  }

  private dispatch(value: T): boolean {
    if (this.isCurrent(value)) return false;
    this.last = value;
    this.inFlight = true;
    this.sentAt = this.now();
    this.send(value);
    return true;
  }
}
