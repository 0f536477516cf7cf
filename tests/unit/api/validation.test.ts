// Garbage in -> INVALID_INPUT naming the field, for every method the api answers; the handler never runs.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../main/api';
import type { ApiContext } from '../../../main/api/context';
import { METHODS } from '../../../preload/contract';

/** A context that fails the test if any handler reaches it: validation must stop garbage first. */
function untouchableContext(touched: string[]): ApiContext {
  return new Proxy({} as ApiContext, {
    get(_t, prop) {
      touched.push(String(prop));
      throw new Error(`handler ran and touched ctx.${String(prop)}`);
    },
  });
}

const UUID = '6695eb01-f6a4-8304-79aa-97f2502e193f';
const GARBAGE: unknown[] = [
  42,
  'qemu:///system',
  true,
  [],
  [{ connection: 'qemu:///system' }],
  { connection: 42, uuid: UUID },
  { connection: 'qemu:///system', uuid: 'not-a-uuid' },
  { connection: 'qemu:///system', uuid: UUID, extra: '<script>' },
  { __proto__: { connection: 'qemu:///system' }, bogus: 1 },
  { connection: '', uuid: UUID, name: 'x', id: 'x', deleteDisks: [], target: 'sda' },
];

describe('api input validation', () => {
  const touched: string[] = [];
  const api = createApi(untouchableContext(touched));

  it('answers every method of the contract', () => {
    expect([...api.methods].sort()).toEqual([...METHODS].sort());
  });

  for (const method of METHODS) {
    it(`${method}: garbage gets INVALID_INPUT with the field, and the handler never runs`, async () => {
      for (const args of GARBAGE) {
        const r = await api.call(method, args);
        expect(r.ok, `${method} accepted ${JSON.stringify(args)}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(typeof r.error.detail?.field).toBe('string');
        expect(r.error.message).not.toMatch(/\n\s+at /); // no stack trace
      }
      expect(touched).toEqual([]);
    });
  }

  it('names the bad field in words', async () => {
    const r = await api.call('vms.start', { connection: 'qemu:///system', uuid: 'nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'uuid' } } });
    if (!r.ok) expect(r.error.message).toMatch(/^uuid must be a UUID/);

    const d = await api.call('vms.delete', {
      connection: 'qemu:///system',
      uuid: UUID,
      deleteDisks: ['disk.qcow2'],
    });
    expect(d).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', detail: { field: 'deleteDisks.0' } },
    });
    if (!d.ok) expect(d.error.message).toContain('absolute path');

    const missing = await api.call('vms.delete', { connection: 'qemu:///system', uuid: UUID });
    expect(missing).toMatchObject({ ok: false, error: { detail: { field: 'deleteDisks' } } });

    const extra = await api.call('settings.set', { forceSoftwareEmulation: true, evil: 1 });
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!extra.ok) expect(extra.error.message).toContain('evil');

    const uri = await api.call('host.status', { connection: '/etc/passwd' });
    expect(uri).toMatchObject({ ok: false, error: { detail: { field: 'connection' } } });
  });

  it('refuses unknown and non-string method names', async () => {
    for (const m of ['vms.format', '__proto__', 'constructor', 42, null, undefined]) {
      const r = await api.call(m, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'method' } } });
    }
    expect(touched).toEqual([]);
  });
});
