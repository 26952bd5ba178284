// Label choices Python sends ([code, text, count], most frequent first) and
// what the panel and the scatter make of them.

export type Choice = [number, string, number];

/**
 * The labels keys 1-9 apply: the nine most frequent current labels; with a
 * `suggested` label (what the item's neighbours say), that one first (key 1),
 * then the others in frequency order.
 */
export function quickLabels(choices: Choice[], max = 9, suggested: Choice | null = null): Choice[] {
  if (!suggested) return choices.slice(0, max);
  return [suggested, ...choices.filter((c) => c[0] !== suggested[0])].slice(0, max);
}

/** Colour slots for label codes: code k keeps slot k, so a label keeps its colour while counts change. */
export function labelSlots(ids: Int32Array): Int32Array {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const slots = new Int32Array(max + 1);
  for (let c = 0; c <= max; c++) slots[c] = c;
  return slots;
}

/** Text of a label code: its name if Python sent it, else a placeholder. */
export function labelName(names: Record<string, string>, code: number): string {
  if (code < 0) return "(no label)";
  const t = names[String(code)];
  return t === undefined ? `label #${code}` : t;
}

/** Whether any sample has a current label (a plain loop over 1M entries, so remembered per array). */
export class AnyLabelled {
  private memo: [Int32Array | null, boolean] = [null, false];

  of(codes: Int32Array): boolean {
    if (this.memo[0] !== codes) {
      let any = false;
      for (let i = 0; i < codes.length && !any; i++) any = codes[i] >= 0;
      this.memo = [codes, any];
    }
    return this.memo[1];
  }
}
