// Whether KVM works on a connection's host, and what new guests can have there (UEFI, Secure Boot, CPU
// modes, TPM emulation), from libvirt's capabilities. Asked once per connection and remembered: libvirt
// answers from its QEMU capabilities cache, but a guest creation should not wait on it twice.
//
// Exports:
//   detectKvm(conn): Promise<{ usable: boolean; reason?: string }>
//   hostFeatures(conn, { forceSoftwareEmulation? }): Promise<CreateHost>   KVMDESK_FORCE_TCG=1 also forces
//   forgetHostFeatures(conn)                                                 (after a setting change)
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import type { HostFeatures } from '../../model/defaults';
import { hostFeaturesFromDomainCaps } from '../../model/domain-caps';
import { kvmSupport } from '../host';

export interface CreateHost extends HostFeatures {
  kvmUsable: boolean;
  kvmReason?: string;
  /** shown next to Create when guests will run in software emulation */
  acceleratorWarning?: string;
}

/** Whether KVM works: the same answer the host status gives (services/host.ts). */
export const detectKvm = kvmSupport;

const remembered = new WeakMap<LibvirtConnectionApi, Map<string, Promise<CreateHost>>>();

export function forgetHostFeatures(conn: LibvirtConnectionApi): void {
  remembered.delete(conn);
}

async function probe(conn: LibvirtConnectionApi, force: boolean): Promise<CreateHost> {
  const kvm = await detectKvm(conn);
  const accelerator = kvm.usable && !force ? 'kvm' : 'qemu';
  const caps = await conn.getDomainCapabilities({ virttype: accelerator, arch: 'x86_64', machine: 'q35' });
  const warning = force
    ? 'Software emulation is forced in the settings: guests run much slower than with KVM.'
    : kvm.usable
      ? undefined
      : `KVM is not usable, so guests run in software emulation (much slower). ${kvm.reason ?? ''}`.trim();
  return {
    ...hostFeaturesFromDomainCaps(caps, accelerator),
    kvmUsable: kvm.usable,
    kvmReason: kvm.reason,
    acceleratorWarning: warning,
  };
}

export function hostFeatures(
  conn: LibvirtConnectionApi,
  opts: { forceSoftwareEmulation?: boolean } = {},
): Promise<CreateHost> {
  const force = opts.forceSoftwareEmulation === true || process.env.KVMDESK_FORCE_TCG === '1';
  const byMode = remembered.get(conn) ?? new Map<string, Promise<CreateHost>>();
  remembered.set(conn, byMode);
  const key = force ? 'tcg' : 'auto';
  let p = byMode.get(key);
  if (!p) {
    p = probe(conn, force);
    // a failed probe is not remembered: the next call asks again
    p.catch(() => byMode.delete(key));
    byMode.set(key, p);
  }
  return p;
}
