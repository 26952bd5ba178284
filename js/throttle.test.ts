import { describe, expect, it } from "vitest";
import { LatestSender } from "./throttle";

describe("LatestSender (one request in flight, newest value next)", () => {
  it("sends at once when idle, then only the newest value after the reply", () => {
    const sent: number[] = [];
    const s = new LatestSender<number>((v) => sent.push(v));
    expect(s.request(3)).toBe(true);
    expect(s.busy).toBe(true);
    for (const v of [4, 5, 6, 7]) expect(s.request(v)).toBe(false); // a fast drag
    expect(sent).toEqual([3]);
    expect(s.replied()).toBe(true);
    expect(sent).toEqual([3, 7]); // 4, 5, 6 never reach the kernel
    expect(s.replied()).toBe(false);
    expect(s.busy).toBe(false);
  });

  it("skips a pending value the other side already has", () => {
    const sent: number[] = [];
    let server = 3;
    const s = new LatestSender<number>((v) => { sent.push(v); server = v; }, (v) => v === server);
    s.request(4);
    s.request(4); // pending 4 while 4 in flight
    s.replied();
    expect(sent).toEqual([4]);
    expect(s.request(4)).toBe(false); // nothing to do
    expect(s.busy).toBe(false);
  });

  it("frees the slot after a timeout if a reply never comes", () => {
    let now = 0;
    const sent: number[] = [];
    const s = new LatestSender<number>((v) => sent.push(v), undefined, 1000, () => now);
    s.request(1);
    now = 500;
    expect(s.request(2)).toBe(false);
    now = 1500;
    expect(s.busy).toBe(false);
    expect(s.request(3)).toBe(true);
    expect(sent).toEqual([1, 3]);
  });

  it("cancel drops pending work", () => {
    const sent: number[] = [];
    const s = new LatestSender<number>((v) => sent.push(v));
    s.request(1); s.request(2); s.cancel();
    expect(s.replied()).toBe(false);
    expect(sent).toEqual([1]);
  });
});
