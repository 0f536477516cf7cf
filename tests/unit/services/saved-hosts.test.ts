import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SavedHosts } from '../../../main/services/hosts/saved-hosts';

let dir = '';
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('the saved list of connections', () => {
  it('is null before the first launch, and reads back what was saved', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-hosts-'));
    const s = new SavedHosts(join(dir, 'kvm-desk'));
    expect(await s.load()).toBeNull();
    const list = [
      { uri: 'qemu:///system', connectAtStart: true },
      { uri: 'qemu+ssh://alice@lab:2222/system', label: 'Lab', connectAtStart: false },
    ];
    await s.save(list);
    expect(await new SavedHosts(join(dir, 'kvm-desk')).load()).toEqual(list);
    expect(JSON.parse(readFileSync(s.file, 'utf8'))).toEqual({ connections: list });
  });

  it('drops entries it cannot use, not the whole list', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-hosts-'));
    const s = new SavedHosts(dir);
    writeFileSync(
      s.file,
      JSON.stringify({
        connections: [{ uri: 'http://x' }, { uri: 'qemu:///session' }, { uri: 'qemu:///session' }, 7, null],
      }),
    );
    expect(await s.load()).toEqual([{ uri: 'qemu:///session', connectAtStart: true }]);
    writeFileSync(s.file, '{ not json');
    expect(await s.load()).toEqual([]);
  });
});
