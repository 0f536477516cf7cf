import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadJournal } from '../../../main/services/storage/journal';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-journal-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the upload journal (resume-safe uploads)', () => {
  it("writes an upload down while it runs and forgets it after; this process's entries are not interrupted", async () => {
    const j = new UploadJournal(dir);
    const e = { connection: 'qemu:///system', pool: 'p', name: 'a.iso', sizeBytes: 10 };
    await Promise.all([j.add(e), j.add({ ...e, name: 'b.iso' })]);
    expect((await j.list()).map((x) => x.name)).toEqual(['a.iso', 'b.iso']);
    expect(await j.interrupted('qemu:///system')).toEqual([]);
    await j.remove(e);
    expect((await j.list()).map((x) => x.name)).toEqual(['b.iso']);
  });
  it("names another process's entries as interrupted, per connection; a broken file is an empty journal", async () => {
    const file = join(dir, 'uploads-in-progress.json');
    const e = {
      connection: 'qemu:///system',
      pool: 'p',
      name: 'a.iso',
      sizeBytes: 1,
      pid: 999999,
      startedAt: 0,
    };
    await writeFile(file, JSON.stringify([e, { ...e, connection: 'qemu:///session' }]));
    const j = new UploadJournal(dir);
    expect(await j.interrupted('qemu:///system')).toEqual([e]);
    await writeFile(file, '{ not json');
    expect(await j.list()).toEqual([]);
  });
});
