// The review panel's nearest neighbours (data space) in a saved page: the table
// Python saved (widget/_standalone.py, neighbor_table: Clusterer.neighbors(i, k)
// for every sample, int32 as four byte planes, zlib-deflated), inflated once on
// first use. Nothing here finds neighbours: the page only reads what was saved.

export interface SavedNeighborTable { k: number; deflated: string } // as page_state writes it

/** zlib ("deflate") bytes -> the bytes, by the browser's DecompressionStream. */
export async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  if (typeof DecompressionStream === "undefined") throw new Error("this browser cannot inflate the saved neighbours");
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export class SavedNeighbors {
  private table: Int32Array | null = null;
  private loading: Promise<void> | null = null;

  /** `deflated`: the saved table (n x k int32 as byte planes: every entry's lowest byte, then the next...), compressed. */
  constructor(readonly k: number, private readonly deflated: Uint8Array, private readonly n: number) {}

  /** Inflate the table (once), checked against the sample count. */
  load(): Promise<void> {
    this.loading ??= inflate(this.deflated).then((b) => {
      if (b.byteLength !== this.n * this.k * 4) {
        throw new Error(`the saved table has ${b.byteLength} bytes for ${this.n} samples x ${this.k}`);
      }
      const m = this.n * this.k, table = new Int32Array(m);
      for (let j = 0; j < m; j++) table[j] = b[j] | (b[m + j] << 8) | (b[2 * m + j] << 16) | (b[3 * m + j] << 24);
      this.table = table;
    });
    return this.loading;
  }

  /** Sample i's saved neighbours, closest first, less `skip` (the item's own samples, as the
   * kernel's reply leaves them out). Empty until load() has resolved. */
  of(i: number, skip: ReadonlySet<number>): number[] {
    const t = this.table, k = this.k, out: number[] = [];
    if (!t || !(i >= 0 && i < this.n)) return out;
    for (let j = i * k; j < (i + 1) * k; j++) if (t[j] >= 0 && !skip.has(t[j])) out.push(t[j]);
    return out;
  }
}
