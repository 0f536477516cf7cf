// A guest's snapshots as a tree (parent -> children), the way the Snapshots tab shows it, and the name
// the Take dialog offers. libvirt gives a flat list with each snapshot's parent's name; a parent that is
// not in the list (deleted with METADATA_ONLY by another tool) makes its children roots.
//
// Exports:
//   buildSnapshotTree(snapshots): SnapshotNode[]    roots and children oldest first
//   nextSnapshotName(names): string                 "Snapshot N", one above the highest taken
//   findSnapshot(tree, name), subtreeNames(node)
import type { SnapshotInfo, SnapshotNode } from '../../preload/snapshots';

const byAge = (a: SnapshotNode, b: SnapshotNode) => a.createdAt - b.createdAt || a.name.localeCompare(b.name);

export function buildSnapshotTree(snapshots: SnapshotInfo[]): SnapshotNode[] {
  const nodes = new Map<string, SnapshotNode>();
  for (const s of snapshots) nodes.set(s.name, { ...s, children: [] });
  const roots: SnapshotNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent === undefined ? undefined : nodes.get(node.parent);
    // a cycle cannot come from libvirt, but a node must never be its own ancestor here either
    if (parent && !isAncestor(node, parent, nodes)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: SnapshotNode[]) => {
    list.sort(byAge);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** true when `node` is `other` or one of its ancestors by parent names */
function isAncestor(node: SnapshotNode, other: SnapshotNode, nodes: Map<string, SnapshotNode>): boolean {
  const seen = new Set<string>();
  for (let at: SnapshotNode | undefined = other; at; at = at.parent ? nodes.get(at.parent) : undefined) {
    if (at === node || seen.has(at.name)) return true;
    seen.add(at.name);
  }
  return false;
}

export function nextSnapshotName(names: string[]): string {
  let highest = 0;
  for (const n of names) {
    const m = /^Snapshot (\d+)$/.exec(n);
    if (m) highest = Math.max(highest, Number(m[1]));
  }
  let next = Math.max(highest, names.length) + 1;
  while (names.includes(`Snapshot ${next}`)) next++;
  return `Snapshot ${next}`;
}

export function findSnapshot(tree: SnapshotNode[], name: string): SnapshotNode | undefined {
  for (const n of tree) {
    if (n.name === name) return n;
    const below = findSnapshot(n.children, name);
    if (below) return below;
  }
  return undefined;
}

/** the node's name and every descendant's */
export function subtreeNames(node: SnapshotNode): string[] {
  return [node.name, ...node.children.flatMap(subtreeNames)];
}
