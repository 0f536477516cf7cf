import { describe, expect, it } from 'vitest';
import { Ring } from '../../../main/model/stats-ring';

describe('a guest’s history ring', () => {
  it('keeps the last N, oldest first', () => {
    const r = new Ring<number>(3);
    expect(r.toArray()).toEqual([]);
    for (const n of [1, 2]) r.push(n);
    expect(r.toArray()).toEqual([1, 2]);
    for (const n of [3, 4, 5]) r.push(n);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.size).toBe(3);
  });

  it('filters (the last 10 minutes) without losing order', () => {
    const r = new Ring<number>(600);
    for (let i = 0; i < 1000; i++) r.push(i);
    const kept = r.toArray((n) => n >= 900);
    expect(kept).toHaveLength(100);
    expect(kept[0]).toBe(900);
    expect(r.toArray()[0]).toBe(400);
  });

  it('refuses a size that holds nothing', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
  });
});
