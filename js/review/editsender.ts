// Sends the review panel's edits to Python and shows how each went: the error
// line under the actions, and data-edits-pending / data-last-edit on the panel
// (what the browser tests wait on).
import type { ActionBar } from "./actions";
import type { EditCommand, ReviewClient } from "./client";
import type { OnePerGroupReply } from "./onepergroup";

export class EditSender {
  constructor(
    private readonly root: HTMLElement,
    private readonly actions: ActionBar,
    private readonly client: ReviewClient,
  ) {}

  send(cmd: EditCommand): void {
    this.actions.setError("");
    this.root.dataset.editsPending = String(this.client.editsPending + 1);
    this.client.edit(cmd, (r) => {
      this.root.dataset.editsPending = String(this.client.editsPending);
      this.root.dataset.lastEdit = `${cmd.action}:${r.ok ? r.changed : "error"}`;
      if (!r.ok) this.actions.setError(r.error || "the edit failed");
      else if (r.changed === 0) this.actions.setError(cmd.action === "undo" || cmd.action === "redo"
        ? `nothing to ${cmd.action}` : "no change: already so");
      if (cmd.action === "relabel" && r.ok && "text" in (cmd.label || {})) this.actions.input.value = "";
    });
  }

  /** Python's answer to "keep one per group". */
  onePerGroupApplied(r: OnePerGroupReply): void {
    this.root.dataset.lastEdit = `one_per_group:${r.ok ? r.n_changed : "error"}`;
    if (!r.ok) this.actions.setError(r.error || "keep one per group failed");
  }
}
