// What a user sees when something fails: libvirt's own message with a code the UI can act on.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../main/api';
import type { ApiContext } from '../../../main/api/context';
import { ApiFailure } from '../../../main/api/errors';
import { vmHandlers } from '../../../main/api/vms';
import { LibvirtError } from '../../../main/libvirt/errors';

const REF = { connection: 'test:///default', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f' };

/** A context whose only connection answers lookups and fails domainCreate with `failure`. */
function contextFailingStart(failure: unknown): ApiContext {
  const client = {
    uri: 'test:///default',
    connected: true,
    lookupDomainByUuid: async (uuid: string) => ({ name: 'g', uuid, id: -1 }),
    // no disks: Start's check for linked clones (which it would break) has nothing to look up
    domainGetXML: async () => "<domain type='qemu'><name>g</name><devices/></domain>",
    domainCreate: async () => {
      throw failure;
    },
  };
  return { connections: { client: () => client } } as unknown as ApiContext;
}

async function startWith(failure: unknown) {
  const api = createApi(contextFailingStart(failure), [vmHandlers]);
  const r = await api.call('vms.start', REF);
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('api errors', () => {
  it("turns libvirt's inactive-network refusal into NETWORK_INACTIVE naming the network", async () => {
    const e = await startWith(
      new LibvirtError('LIBVIRT', "Requested operation is not valid: network 'default' is not active", {
        code: 55,
        domain: 19,
      }),
    );
    expect(e.code).toBe('NETWORK_INACTIVE');
    expect(e.message).toContain("network 'default' is not active");
    expect(e.detail).toMatchObject({ network: 'default', libvirtCode: 55, libvirtDomain: 19 });
  });

  it('maps a vanished guest to NOT_FOUND and a lost daemon to DISCONNECTED', async () => {
    expect(
      (
        await startWith(
          new LibvirtError('LIBVIRT', 'Domain not found: no domain with matching uuid', { code: 42 }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await startWith(LibvirtError.disconnected())).code).toBe('DISCONNECTED');
  });

  it("keeps any other libvirt error's message and numbers", async () => {
    const e = await startWith(
      new LibvirtError('LIBVIRT', 'internal error: qemu unexpectedly closed the monitor', {
        code: 1,
        domain: 10,
      }),
    );
    expect(e).toEqual({
      code: 'LIBVIRT',
      message: 'internal error: qemu unexpectedly closed the monitor',
      detail: { libvirtCode: 1, libvirtDomain: 10 },
    });
  });

  it('says a full disk in the user’s words, naming the file, and keeps libvirt’s text aside', async () => {
    const raw =
      'internal error: Child process (/usr/bin/qemu-img create -f qcow2 -b /p/src.qcow2 /p/ov.qcow2 262144K) unexpected exit status 1: qemu-img: /p/ov.qcow2: Could not write qcow2 header: No space left on device';
    const e = await startWith(new LibvirtError('LIBVIRT', raw, { code: 1, domain: 18 }));
    expect(e).toEqual({
      code: 'LIBVIRT',
      message:
        'The storage is full: there is no space left where /p/ov.qcow2 was to be written. Free some space in its storage pool, then try again.',
      detail: { libvirtCode: 1, libvirtDomain: 18, libvirtMessage: raw, noSpace: true },
    });
    const snapshot = await startWith(
      new LibvirtError(
        'LIBVIRT',
        "internal error: Child process (/usr/bin/qemu-img snapshot -c s1 /p/src.qcow2) unexpected exit status 1: qemu-img: Could not create snapshot 's1': -28 (No space left on device)",
        { code: 1, domain: 10 },
      ),
    );
    expect(snapshot.message).toMatch(/^The storage is full: there is no space left on the disk that holds/);
    const fs = await startWith(
      Object.assign(new Error('ENOSPC: no space left on device, copyfile'), { code: 'ENOSPC' }),
    );
    expect(fs).toMatchObject({ code: 'LIBVIRT', message: expect.stringMatching(/^The storage is full/) });
  });

  it('passes ApiFailure through and never leaks a stack for our own bugs', async () => {
    expect(await startWith(new ApiFailure('PERMISSION', 'Join the libvirt group.'))).toEqual({
      code: 'PERMISSION',
      message: 'Join the libvirt group.',
    });
    const e = await startWith(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(e.code).toBe('INTERNAL');
    expect(JSON.stringify(e)).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
