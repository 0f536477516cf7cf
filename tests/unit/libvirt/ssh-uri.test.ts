import { describe, expect, it } from 'vitest';
import { buildSshUri, isLocalUri, parseUri } from '../../../main/libvirt/uri';

describe('buildSshUri (the Add-host dialog)', () => {
  it('host, user, port and daemon make a qemu+ssh URI the one parser reads back', () => {
    const r = buildSshUri({ host: ' lab.example.org ', user: 'alice', port: 2222, daemon: 'system' });
    expect(r).toEqual({ ok: true, uri: 'qemu+ssh://alice@lab.example.org:2222/system' });
    const p = parseUri(r.ok ? r.uri : '');
    expect(p).toMatchObject({
      transport: 'ssh',
      host: 'lab.example.org',
      user: 'alice',
      port: 2222,
      path: '/system',
    });
    expect(isLocalUri(r.ok ? r.uri : '')).toBe(false);
  });

  it('leaves out what ssh chooses itself (user, port 22); IPv6 gets brackets', () => {
    expect(buildSshUri({ host: '192.168.1.10', port: 22, daemon: 'session' })).toEqual({
      ok: true,
      uri: 'qemu+ssh://192.168.1.10/session',
    });
    expect(buildSshUri({ host: 'fe80::1', daemon: 'system' })).toEqual({
      ok: true,
      uri: 'qemu+ssh://[fe80::1]/system',
    });
  });

  it('says what is wrong with each field, in the user’s words', () => {
    const r = buildSshUri({ host: 'my server', user: 'bob smith', port: 70000, daemon: 'system' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toEqual(['host', 'user', 'port']);
    expect(r.problems[0].message).toMatch(/not a host name/);
    expect(buildSshUri({ host: '', daemon: 'system' })).toMatchObject({
      ok: false,
      problems: [{ field: 'host', message: 'Enter the host’s name or address.' }],
    });
    expect(buildSshUri({ host: 'a/b?c', daemon: 'system' }).ok).toBe(false);
  });
});
