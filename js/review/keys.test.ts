import { describe, expect, it } from "vitest";
import { commandFor } from "./keys";

describe("commandFor", () => {
  it("navigates with n/p and the arrow keys", () => {
    for (const key of ["n", "ArrowRight", "ArrowDown"]) expect(commandFor({ key })).toEqual({ kind: "next" });
    for (const key of ["p", "ArrowLeft", "ArrowUp"]) expect(commandFor({ key })).toEqual({ kind: "prev" });
    expect(commandFor({ key: "Home" })).toEqual({ kind: "first" });
    expect(commandFor({ key: "End" })).toEqual({ kind: "last" });
  });
  it("maps 1-9 to label ranks and leaves 0 alone", () => {
    expect(commandFor({ key: "1" })).toEqual({ kind: "label", rank: 0 });
    expect(commandFor({ key: "9" })).toEqual({ kind: "label", rank: 8 });
    expect(commandFor({ key: "0" })).toBeNull();
  });
  it("undo and redo: u / r and the usual Ctrl or Cmd chords", () => {
    expect(commandFor({ key: "u" })).toEqual({ kind: "undo" });
    expect(commandFor({ key: "z", ctrlKey: true })).toEqual({ kind: "undo" });
    expect(commandFor({ key: "z", metaKey: true })).toEqual({ kind: "undo" });
    expect(commandFor({ key: "Z", ctrlKey: true, shiftKey: true })).toEqual({ kind: "redo" });
    expect(commandFor({ key: "y", ctrlKey: true })).toEqual({ kind: "redo" });
    expect(commandFor({ key: "r" })).toEqual({ kind: "redo" });
  });
  it("keep, exclude and the label box", () => {
    expect(commandFor({ key: "k" })).toEqual({ kind: "keep" });
    expect(commandFor({ key: "x" })).toEqual({ kind: "exclude" });
    expect(commandFor({ key: "l" })).toEqual({ kind: "editLabel" });
  });
  it("leaves other keys and chords to the page", () => {
    expect(commandFor({ key: "c", ctrlKey: true })).toBeNull(); // copy
    expect(commandFor({ key: "n", altKey: true })).toBeNull();
    expect(commandFor({ key: "q" })).toBeNull();
  });
  it("while typing a label only Enter and Escape mean something", () => {
    expect(commandFor({ key: "n" }, true)).toBeNull();
    expect(commandFor({ key: "1" }, true)).toBeNull();
    expect(commandFor({ key: "z", ctrlKey: true }, true)).toBeNull(); // the text box's own undo
    expect(commandFor({ key: "Enter" }, true)).toEqual({ kind: "apply" });
    expect(commandFor({ key: "Escape" }, true)).toEqual({ kind: "leaveInput" });
  });
});
