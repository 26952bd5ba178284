// Binary traits arrive from Python as DataView (ipywidgets), but the fake models
// used in tests may hand over ArrayBuffers or typed arrays: accept all of them.
// All buffers are little endian, which is every browser's native byte order, so
// a typed array over the same memory is a zero-copy decode.

export type Binary = DataView | ArrayBuffer | ArrayBufferView | null | undefined;

type TypedCtor<T> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  new (length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** The raw bytes of a binary trait value (a view, never a copy). */
export function bytesOf(buf: Binary): Uint8Array {
  if (buf == null) return new Uint8Array(0);
  if (buf instanceof ArrayBuffer) return new Uint8Array(buf);
  if (ArrayBuffer.isView(buf)) return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  throw new TypeError(`expected binary data, got ${Object.prototype.toString.call(buf)}`);
}

function typed<T>(Ctor: TypedCtor<T>, buf: Binary): T {
  const bytes = bytesOf(buf);
  const size = Ctor.BYTES_PER_ELEMENT;
  const n = Math.floor(bytes.byteLength / size);
  if (bytes.byteOffset % size === 0) return new Ctor(bytes.buffer, bytes.byteOffset, n);
  // Unaligned offset (possible inside a larger message buffer): copy once.
  const copy = bytes.slice(0, n * size);
  return new Ctor(copy.buffer, 0, n);
}

export const asFloat32 = (buf: Binary): Float32Array => typed(Float32Array, buf);
export const asInt32 = (buf: Binary): Int32Array => typed(Int32Array, buf);
export const asUint32 = (buf: Binary): Uint32Array => typed(Uint32Array, buf);
export const asUint8 = (buf: Binary): Uint8Array => bytesOf(buf);

/**
 * Memory for results that are consumed (e.g. uploaded to the GPU) before the next one is
 * made: take(n) returns a length-n view over the same memory each time, growing it only
 * when n is larger, so a steady stream of results allocates (and page-faults) nothing.
 * Each take() invalidates the previous view: keep one Reusable per kind of result.
 */
export class Reusable<T extends Uint32Array | Float32Array> {
  private buf: T;
  constructor(private readonly make: (n: number) => T) { this.buf = make(0); }

  take(n: number): T {
    if (this.buf.length < n) this.buf = this.make(Math.max(n, Math.ceil(this.buf.length * 1.25)));
    return this.buf.subarray(0, n) as T;
  }
}
