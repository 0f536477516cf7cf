import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLocalUri } from '../../../main/libvirt/uri';
import { listFiles } from '../../../main/services/files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvmdesk-test-files-'));
  await mkdir(join(dir, 'isos'));
  await writeFile(join(dir, 'debian.iso'), Buffer.alloc(2048));
  await writeFile(join(dir, '.hidden.iso'), '');
  await symlink(join(dir, 'debian.iso'), join(dir, 'link.iso'));
  await symlink(join(dir, 'nowhere'), join(dir, 'dangling.iso'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the wizard file browser (files.list)', () => {
  it('lists folders and files with sizes, following links, hiding dot files and dangling links', async () => {
    const entries = await listFiles('qemu:///system', dir);
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(Object.keys(byName).sort()).toEqual(['debian.iso', 'isos', 'link.iso']);
    expect(byName.isos).toEqual({ name: 'isos', path: join(dir, 'isos'), kind: 'dir' });
    expect(byName['debian.iso']).toMatchObject({ kind: 'file', size: 2048 });
    expect(byName['link.iso']).toMatchObject({ kind: 'file', size: 2048 });
  });

  it('says plainly when the folder is missing or is a file', async () => {
    await expect(listFiles('qemu:///system', join(dir, 'missing'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `There is no folder ${join(dir, 'missing')} on this host.`,
    });
    await expect(listFiles('qemu:///system', join(dir, 'debian.iso'))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: `${join(dir, 'debian.iso')} is a file, not a folder.`,
    });
  });

  it('refuses to browse a remote host, where these would be the wrong files', async () => {
    expect(isLocalUri('qemu:///system')).toBe(true);
    expect(isLocalUri('test:///default')).toBe(true);
    expect(isLocalUri('qemu+ssh://root@server/system')).toBe(false);
    await expect(listFiles('qemu+ssh://server/system', dir)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
