// Console use cases: hand out a console session (a single-use bridge URL) for a running guest, and the
// bridge's way to find that guest's display when the browser connects.
import type { ConsoleSession, VmRef } from '../../../preload/contract';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { ConsoleBridge } from './bridge';
import { dialVnc } from './dial';
import { sshEndpointFromUri } from './ssh-tunnel';
import { ConsoleUnavailable, type VncTarget, vncTargetFromXml } from './vnc-target';

/** What the console needs of a libvirt connection. */
export type ConsoleLibvirt = Pick<
  LibvirtConnectionApi,
  'uri' | 'lookupDomainByUuid' | 'domainGetXML' | 'domainGetState'
>;

const RUNNING_LIKE = new Set([1, 2, 3, 7]); // running, blocked, paused, pmsuspended: QEMU (and its VNC) is up

export class ConsoleService {
  readonly bridge: ConsoleBridge;

  constructor(
    private readonly connectionFor: (id: string) => ConsoleLibvirt,
    opts: { tokenTtlMs?: number } = {},
  ) {
    this.bridge = new ConsoleBridge(async (grant) => {
      const conn = this.connectionFor(grant.connection);
      const target = await this.target(grant);
      return dialVnc(target, sshEndpointFromUri(conn.uri));
    }, opts);
  }

  /** Where the guest's VNC server is now (live XML). Throws ConsoleUnavailable in the user's words. */
  async target(ref: VmRef): Promise<VncTarget> {
    const conn = this.connectionFor(ref.connection);
    const dom = await conn.lookupDomainByUuid(ref.uuid);
    const { state } = await conn.domainGetState(dom);
    if (!RUNNING_LIKE.has(state))
      throw new ConsoleUnavailable('The guest is off. Start it to see its screen.');
    return vncTargetFromXml(await conn.domainGetXML(dom, 0));
  }

  /** A console session for a running guest: checked now so the UI can say why not, before connecting. */
  async open(ref: VmRef): Promise<ConsoleSession> {
    await this.target(ref);
    return { url: await this.bridge.sessionUrl({ connection: ref.connection, uuid: ref.uuid }) };
  }

  stop(): Promise<void> {
    return this.bridge.stop();
  }
}
