// Entry point of the saved page (explorer.save_html): no kernel, no server.
// Reads the state embedded in the page and renders the same ExplorerView the
// notebook shows, on a LocalModel whose sliders re-extract in the page.
import css from "./styles.css";
import { ExplorerView } from "./explorer";
import { openPage, SavedPage } from "./kernelless/page";

function boot(): void {
  const host = document.getElementById("hdbscope-root");
  const stateEl = document.getElementById("hdbscope-state");
  if (!host || !stateEl) return;
  try {
    const { model, session } = openPage(JSON.parse(stateEl.textContent || "{}") as SavedPage);
    const view = new ExplorerView(model, css);
    host.append(view.root);
    requestAnimationFrame(() => view.attached());
    (window as unknown as { hdbscope: unknown }).hdbscope = { model, session, view };
  } catch (e) {
    host.textContent = `hdbscope: this page could not be opened: ${e instanceof Error ? e.message : String(e)}`;
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
