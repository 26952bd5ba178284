// anywidget entry point for hdbscope.ClusterExplorer. With a kernel behind the
// widget, the view talks to Python; replayed from saved widget state with none
// (an nbconvert HTML export), it is answered in the browser (kernelless/replay.ts).
import css from "./styles.css";
import { ExplorerView } from "./explorer";
import type { Model } from "./model/traits";
import { kernelBehind, openReplayed } from "./kernelless/replay";

function render({ model, el }: { model: Model; el: HTMLElement }): () => void {
  const view = new ExplorerView(kernelBehind(el) ? model : openReplayed(model).model, css);
  el.append(view.root);
  // sized once in the document; the ResizeObserver keeps it sized afterwards
  requestAnimationFrame(() => view.attached());
  return () => view.dispose();
}

export default { render };
