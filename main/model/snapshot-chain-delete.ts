// Which files of a deleted disk's backing chain go with it when the guest had external snapshots. The
// chain of a disk with snapshots is the disk as it was before the first snapshot, then one overlay per
// snapshot (and per revert): the overlays are KVM Desk's (the sidecar's `made`), and the file right under
// the lowest of them is the user's disk as it was. The user chose to delete "the disk": that is all of
// these. A file further down (a linked clone's base, a template the user's disk was made on) was never
// part of this guest's disk and stays, and so does any file another guest uses.

/**
 * @param chain the disk's chain, top first (qemu-img info --backing-chain): the top is the disk file itself
 * @param made the overlay files KVM Desk made for this guest
 * @returns the chain's files below the top that go with the disk
 */
export function chainFilesToDelete(chain: string[], made: string[]): string[] {
  const ours = new Set(made);
  const out: string[] = [];
  // each overlay of ours takes the file under it along: the next overlay, or the user's disk as it was
  for (let i = 0; i + 1 < chain.length && ours.has(chain[i]); i++) out.push(chain[i + 1]);
  return out;
}
