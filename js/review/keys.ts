// Keyboard commands of the review panel. Pure: a key event in, a command out,
// so the mapping is tested without a browser. Typing in the label box is left
// alone except for Enter (apply) and Escape (back to the panel).

export type Command =
  | { kind: "next" } | { kind: "prev" } | { kind: "first" } | { kind: "last" }
  | { kind: "label"; rank: number } // keys 1-9: the rank-th most frequent label (0-based)
  | { kind: "keep" } | { kind: "exclude" }
  | { kind: "undo" } | { kind: "redo" }
  | { kind: "editLabel" } // move into the label box
  | { kind: "apply" } | { kind: "leaveInput" };

export interface KeyLike { key: string; ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean }

export const KEY_HELP: Array<[string, string]> = [
  ["n / → / ↓", "next item"], ["p / ← / ↑", "previous item"], ["1–9", "apply the most frequent labels"],
  ["l", "type a label"], ["k", "keep"], ["x", "exclude"], ["u / Ctrl+Z", "undo"], ["r / Ctrl+Y", "redo"],
];

export function commandFor(e: KeyLike, inTextBox = false): Command | null {
  const mod = !!(e.ctrlKey || e.metaKey);
  if (inTextBox) {
    if (e.key === "Enter" && !mod && !e.altKey) return { kind: "apply" };
    if (e.key === "Escape") return { kind: "leaveInput" };
    return null;
  }
  if (e.altKey) return null;
  if (mod) {
    const k = e.key.toLowerCase();
    if (k === "z") return e.shiftKey ? { kind: "redo" } : { kind: "undo" };
    if (k === "y") return { kind: "redo" };
    return null;
  }
  switch (e.key) {
    case "n": case "ArrowRight": case "ArrowDown": return { kind: "next" };
    case "p": case "ArrowLeft": case "ArrowUp": return { kind: "prev" };
    case "Home": return { kind: "first" };
    case "End": return { kind: "last" };
    case "k": return { kind: "keep" };
    case "x": return { kind: "exclude" };
    case "u": return { kind: "undo" };
    case "r": return { kind: "redo" };
    case "l": return { kind: "editLabel" };
  }
  if (/^[1-9]$/.test(e.key)) return { kind: "label", rank: Number(e.key) - 1 };
  return null;
}
