// A merge's conflict marks once stayed in docs/ARCHITECTURE.md for a whole session: the code's checks
// (tsc, biome) never read the Markdown. This one does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MARK = /^(<{7}|>{7}) /m;

const docs = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('the documents', () => {
  it('carry no conflict marks from a merge', () => {
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.filter((f) => MARK.test(readFileSync(join(ROOT, f), 'utf8')))).toEqual([]);
  });
  it('the check sees a mark where there is one', () => {
    expect(MARK.test(`text\n${'<'.repeat(7)} HEAD\nmore`)).toBe(true);
  });
});
