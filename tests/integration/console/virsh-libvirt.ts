// The console service's view of libvirt, answered by virsh (the real daemon) for tests that run before
// or beside our own RPC client.
import type { ConsoleLibvirt } from '../../../main/services/console/service';
import { URI, virsh } from './test-guest';

const STATES: Record<string, number> = {
  running: 1,
  idle: 2,
  paused: 3,
  'in shutdown': 4,
  'shut off': 5,
  crashed: 6,
  pmsuspended: 7,
};

export function virshLibvirt(): ConsoleLibvirt {
  return {
    uri: URI,
    async lookupDomainByUuid(uuid) {
      const name = (await virsh('domname', uuid)).trim();
      const id = Number((await virsh('domid', uuid)).trim()) || -1;
      return { name, uuid, id };
    },
    async domainGetState(dom) {
      const s = (await virsh('domstate', dom.uuid)).trim();
      return { state: STATES[s] ?? 0, reason: 0 };
    },
    async domainGetXML(dom) {
      return virsh('dumpxml', dom.uuid);
    },
  };
}
