// What the review panel points at in the scatter: the item under review
// (its members highlighted, the view moved onto them) and its nearest
// neighbours in the data space (highlighted too, the view widened to show them).
import type { Scatter } from "../scatter";
import { focusView, includeView } from "./focus";

export class Spotlight {
  private members = new Uint32Array(0);

  constructor(private readonly scatter: Scatter, private readonly positions: () => Float32Array) {}

  showItem(members: Int32Array | null, moveView: boolean): void {
    this.members = members ? Uint32Array.from(members) : new Uint32Array(0);
    this.scatter.renderer?.setFocus(this.members, new Uint32Array(0));
    if (members && moveView) {
      const cam = this.scatter.camera;
      const view = focusView(this.positions(), members, cam.width, cam.height, this.scatter.fitScale);
      if (view) Object.assign(cam, view);
    }
    this.scatter.requestDraw();
  }

  showNeighbors(indices: number[], fit: boolean): void {
    const positions = this.positions(), n = positions.length >> 1;
    const idx = Uint32Array.from(indices.filter((i) => i >= 0 && i < n));
    this.scatter.renderer?.setFocus(this.members, idx);
    if (fit && idx.length) {
      const cam = this.scatter.camera;
      Object.assign(cam, includeView(cam, positions, idx, cam.width, cam.height, this.scatter.fitScale));
    }
    this.scatter.requestDraw();
  }
}
