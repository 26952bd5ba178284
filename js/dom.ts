// DOM helpers. Text always goes in through textContent, never innerHTML, so
// user strings (labels) can never become markup.

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, className = "", text?: string | number,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = String(text);
  return e;
}

/** Focusable controls get this so JupyterLab's notebook shortcuts leave their keys alone. */
export function suppressShortcuts<T extends HTMLElement>(e: T): T {
  e.setAttribute("data-lm-suppress-shortcuts", "true");
  return e;
}

export function button(label: string, className: string, title: string, onClick: () => void): HTMLButtonElement {
  const b = suppressShortcuts(h("button", `hdbscope-button ${className}`, label));
  b.type = "button";
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

export function rgbCss([r, g, b]: [number, number, number]): string {
  return `rgb(${r}, ${g}, ${b})`;
}
