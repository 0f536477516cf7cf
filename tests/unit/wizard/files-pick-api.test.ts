// files.pick through the real api (validation included): the browser shell has no native picker and
// says so; the Electron shell's hook gets exactly the validated arguments and its answer comes back.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../main/api';
import type { ApiContext, ShellHooks } from '../../../main/api/context';
import { createHandlers } from '../../../main/api/create';
import type { FilePickerOptions } from '../../../preload/contract';

const LOCAL = 'qemu:///system';

function apiFor(shell: ShellHooks) {
  // files.pick reaches only ctx.shell
  return createApi({ shell } as unknown as ApiContext, [createHandlers]);
}

describe('files.pick', () => {
  it('in the browser shell answers that the native picker is not available', async () => {
    const r = await apiFor({ kind: 'browser' }).call('files.pick', {
      connection: LOCAL,
      title: 'Choose an ISO image',
      filters: 'iso',
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: expect.stringMatching(
          /only in the KVM Desk app; choose the file in KVM Desk's file browser/,
        ),
        detail: { picker: 'unavailable' },
      },
    });
  });

  it('in Electron hands the validated arguments to the shell and returns its answer', async () => {
    const asked: FilePickerOptions[] = [];
    const api = apiFor({
      kind: 'electron',
      pickFile: async (args) => {
        asked.push(args);
        return args.filters === 'iso' ? { path: '/isos/debian.iso' } : {};
      },
    });
    expect(
      await api.call('files.pick', { connection: LOCAL, title: 'Choose an ISO image', filters: 'iso' }),
    ).toEqual({
      ok: true,
      value: { path: '/isos/debian.iso' },
    });
    // cancelled: no path
    expect(
      await api.call('files.pick', { connection: LOCAL, title: 'Choose a disk image', filters: 'disk' }),
    ).toEqual({
      ok: true,
      value: {},
    });
    expect(asked).toEqual([
      { title: 'Choose an ISO image', filters: 'iso' },
      { title: 'Choose a disk image', filters: 'disk' },
    ]);
  });

  it("refuses a remote host's connection: the desktop's picker would show this machine's files", async () => {
    const asked: unknown[] = [];
    const api = apiFor({
      kind: 'electron',
      pickFile: async (a) => {
        asked.push(a);
        return {};
      },
    });
    const r = await api.call('files.pick', {
      connection: 'qemu+ssh://root@server/system',
      title: 'Choose an ISO image',
      filters: 'iso',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', detail: { picker: 'remote' } } });
    expect(asked).toEqual([]);
  });

  it('refuses malformed arguments before the shell sees them', async () => {
    const asked: unknown[] = [];
    const api = apiFor({
      kind: 'electron',
      pickFile: async (a) => {
        asked.push(a);
        return {};
      },
    });
    const bad = await api.call('files.pick', { connection: LOCAL, title: 'x', filters: 'exe' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'filters must be iso or disk' },
    });
    const extra = await api.call('files.pick', {
      connection: LOCAL,
      title: 'x',
      filters: 'iso',
      defaultPath: '/root',
    });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'args' } } });
    const missing = await api.call('files.pick', { connection: LOCAL, filters: 'iso' });
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: { field: 'title' } },
    });
    expect(asked).toEqual([]);
  });
});
