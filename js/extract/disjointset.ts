// Disjoint sets (union-find) on a parent array: the browser's twin of engine/_disjoint_set.py.
// Roots are the smallest member of their set (union links the larger root under the smaller),
// so the groups found never depend on the order of the edges beyond the order given.

/** Root of x's set, compressing the path on the way. */
export function find(parent: Int32Array, x: number): number {
  let root = x;
  while (parent[root] !== root) root = parent[root];
  while (parent[x] !== root) { const next = parent[x]; parent[x] = root; x = next; }
  return root;
}

/** Join the sets of a and b (the smaller root stays root); false if they were one already. */
export function union(parent: Int32Array, a: number, b: number): boolean {
  const ra = find(parent, a), rb = find(parent, b);
  if (ra === rb) return false;
  if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
  return true;
}
