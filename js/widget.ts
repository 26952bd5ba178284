// Placeholder front end: replaced by the ClusterExplorer front end (issue 3).
export default {
  render({ el }: { el: HTMLElement }) {
    el.textContent = "hdbscope";
  },
};
