// anywidget entry point for hdbscope.ClusterExplorer.
import css from "./styles.css";
import { ExplorerView } from "./explorer";
import type { Model } from "./model/traits";

function render({ model, el }: { model: Model; el: HTMLElement }): () => void {
  const view = new ExplorerView(model, css);
  el.append(view.root);
  // sized once in the document; the ResizeObserver keeps it sized afterwards
  requestAnimationFrame(() => view.attached());
  return () => view.dispose();
}

export default { render };
