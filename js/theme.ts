// Colours from JupyterLab's theme variables (light or dark), with fallbacks
// for plain pages. Resolved through the browser, so any CSS colour syntax works.
import type { Vec3 } from "./gl/frame";

export interface Theme { paper: Vec3; ink: Vec3; noise: Vec3; exact: Vec3; near: Vec3; dark: boolean }

export const EXACT_COLOR = "#e6007e";
export const NEAR_COLOR = "#ff8c00";

function resolve(host: HTMLElement, css: string): Vec3 {
  const probe = document.createElement("span");
  probe.style.display = "none";
  probe.style.color = css;
  host.appendChild(probe);
  const m = getComputedStyle(probe).color.match(/[\d.]+/g) || ["0", "0", "0"];
  probe.remove();
  return [Number(m[0]) / 255, Number(m[1]) / 255, Number(m[2]) / 255];
}

const mix = (a: Vec3, b: Vec3, t: number): Vec3 => [0, 1, 2].map((k) => a[k] * (1 - t) + b[k] * t) as Vec3;
const luma = (c: Vec3) => 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];

export function readTheme(host: HTMLElement): Theme {
  const paper = resolve(host, "var(--jp-layout-color0, #ffffff)");
  const ink = resolve(host, "var(--jp-ui-font-color0, #111111)");
  const dark = luma(paper) < 0.5;
  return {
    paper, ink, dark,
    noise: mix(paper, ink, dark ? 0.42 : 0.33),
    exact: resolve(host, EXACT_COLOR),
    near: resolve(host, NEAR_COLOR),
  };
}

/** Calls `onChange` when JupyterLab switches theme (it flips attributes on <body>). */
export function watchTheme(onChange: () => void): () => void {
  const obs = new MutationObserver(onChange);
  obs.observe(document.body, { attributes: true, attributeFilter: ["data-jp-theme-light", "data-jp-theme-name", "class"] });
  return () => obs.disconnect();
}
