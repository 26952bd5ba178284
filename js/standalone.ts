// Entry point of the saved page (explorer.save_html): no kernel, no server.
// Reads the state embedded in the page and renders the same ExplorerView the
// notebook shows, on a LocalModel whose sliders re-extract in the page. A
// button downloads the decisions made here (explorer.load_decisions reads it).
import css from "./styles.css";
import { ExplorerView } from "./explorer";
import { openPage, SavedPage } from "./kernelless/page";
import type { KernellessSession } from "./kernelless/session";
import type { LocalModel } from "./kernelless/localmodel";

const DECISIONS_FILE = "hdbscope-decisions.json";

function downloadBar(model: LocalModel, session: KernellessSession): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "hdbscope-page-bar";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "hdbscope-download-decisions";
  const note = document.createElement("span");
  note.textContent = " Open the review panel to relabel, keep or exclude; then load the file with "
    + "explorer.load_decisions(path).";
  const update = () => {
    const n = session.nCommands;
    button.textContent = `Download decisions (${n})`;
    button.disabled = n === 0;
    button.dataset.count = String(n);
  };
  button.addEventListener("click", () => {
    const url = URL.createObjectURL(new Blob([session.decisionsFile()], { type: "application/json" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = DECISIONS_FILE;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  model.on("change:edit_state", update);
  update();
  bar.append(button, note);
  return bar;
}

function boot(): void {
  const host = document.getElementById("hdbscope-root");
  const stateEl = document.getElementById("hdbscope-state");
  if (!host || !stateEl) return;
  try {
    const { model, session } = openPage(JSON.parse(stateEl.textContent || "{}") as SavedPage);
    const view = new ExplorerView(model, css);
    host.append(downloadBar(model, session), view.root);
    requestAnimationFrame(() => view.attached());
    (window as unknown as { hdbscope: unknown }).hdbscope = { model, session, view };
  } catch (e) {
    host.textContent = `hdbscope: this page could not be opened: ${e instanceof Error ? e.message : String(e)}`;
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
