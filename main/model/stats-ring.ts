// A fixed-size ring of samples: a guest's last 10 minutes at 1 s (600) in constant memory; no array
// shifting per tick. Oldest first out of `toArray`.
export class Ring<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('a ring holds at least one item');
    this.items = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** oldest first; `keep` filters (e.g. only the last 10 minutes) */
  toArray(keep?: (item: T) => boolean): T[] {
    const out: T[] = [];
    const start = (this.next - this.count + this.capacity) % this.capacity;
    for (let i = 0; i < this.count; i++) {
      const item = this.items[(start + i) % this.capacity] as T;
      if (!keep || keep(item)) out.push(item);
    }
    return out;
  }
}
