// Tool buttons (pan / lasso / box), reset view, clear selection, and a hint.
import { button, h } from "./dom";
import type { Tool } from "./scatter";

export interface ToolbarActions {
  setTool(tool: Tool): void;
  resetView(): void;
  clearSelection(): void;
}

const TOOLS: Array<[Tool, string, string]> = [
  ["pan", "Pan", "drag to pan, wheel to zoom, shift-drag to lasso"],
  ["lasso", "Lasso", "drag a lasso to select (shift adds)"],
  ["box", "Box", "drag a box to select (shift adds)"],
];

export class Toolbar {
  readonly root = h("div", "hdbscope-toolbar");
  private readonly buttons = new Map<Tool, HTMLButtonElement>();

  constructor(private readonly actions: ToolbarActions) {
    for (const [tool, label, title] of TOOLS) {
      const b = button(label, `hdbscope-tool-${tool}`, title, () => this.select(tool));
      this.buttons.set(tool, b);
      this.root.append(b);
    }
    this.root.append(
      button("Reset view", "hdbscope-reset", "fit all points (or double-click the plot)", () => actions.resetView()),
      button("Clear selection", "hdbscope-clear", "select nothing", () => actions.clearSelection()),
      h("span", "hdbscope-hint", "click: select · shift-click: add/remove · wheel: zoom"),
    );
  }

  select(tool: Tool): void {
    for (const [t, b] of this.buttons) b.setAttribute("aria-pressed", String(t === tool));
    this.actions.setTool(tool);
  }
}
