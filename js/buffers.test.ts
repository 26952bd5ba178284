import { describe, expect, it } from "vitest";
import { asFloat32, asInt32, asUint32, asUint8, bytesOf, Reusable } from "./buffers";

function dataView(bytes: number[], offset: number): DataView {
  const buf = new ArrayBuffer(bytes.length + offset);
  new Uint8Array(buf, offset).set(bytes);
  return new DataView(buf, offset, bytes.length);
}

describe("buffer decoding", () => {
  const int32le = [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x10, 0x27, 0, 0]; // 1, -1, 10000

  it("reads little-endian int32 from an aligned DataView without copying", () => {
    const dv = dataView(int32le, 4);
    const a = asInt32(dv);
    expect(Array.from(a)).toEqual([1, -1, 10000]);
    expect(a.buffer).toBe(dv.buffer); // zero copy
  });

  it("copies when the DataView offset is unaligned", () => {
    const dv = dataView(int32le, 1);
    const a = asInt32(dv);
    expect(Array.from(a)).toEqual([1, -1, 10000]);
    expect(a.buffer).not.toBe(dv.buffer);
  });

  it("reads float32 and uint32, ignoring a trailing partial element", () => {
    const f = new Float32Array([1.5, -2.25]);
    const bytes = [...new Uint8Array(f.buffer), 7];
    expect(Array.from(asFloat32(dataView(bytes, 0)))).toEqual([1.5, -2.25]);
    expect(Array.from(asUint32(dataView([0xff, 0xff, 0xff, 0xff], 0)))).toEqual([4294967295]);
  });

  it("accepts ArrayBuffer, typed arrays, and null", () => {
    const u = Uint8Array.from([5, 6, 7]);
    expect(Array.from(asUint8(u.buffer))).toEqual([5, 6, 7]);
    expect(Array.from(asUint8(u.subarray(1)))).toEqual([6, 7]);
    expect(asInt32(null).length).toBe(0);
    expect(asFloat32(undefined).length).toBe(0);
  });

  it("rejects non-binary values with a clear message", () => {
    expect(() => bytesOf([1, 2, 3] as unknown as DataView)).toThrow(/expected binary data, got \[object Array\]/);
  });
});

describe("Reusable", () => {
  it("hands out views of one memory while it is big enough, grows when not", () => {
    const made: number[] = [];
    const r = new Reusable((n) => { made.push(n); return new Uint32Array(n); });
    const a = r.take(100);
    expect(a.length).toBe(100);
    a.fill(7);
    const b = r.take(40);
    expect(b.length).toBe(40);
    expect(b.buffer).toBe(a.buffer); // same memory: the previous view is no longer the caller's
    expect(b[0]).toBe(7);
    const c = r.take(101);
    expect(c.length).toBe(101);
    expect(c.buffer).not.toBe(a.buffer);
    expect(made).toEqual([0, 100, 125]); // grows by a quarter at least, so slow growth re-allocates rarely
    expect(r.take(0).length).toBe(0);
  });
});
