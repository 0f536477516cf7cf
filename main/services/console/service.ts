// Console use cases: hand out a console session (a single-use bridge URL) for a running guest, and the
// bridge's way to find that guest's display when the browser connects. A serial console session goes
// the same way (same tokens, same bridge, same origin checks); its bytes come from libvirt's console
// stream (DOMAIN_OPEN_CONSOLE) over the guest's libvirt connection, local or remote, so no ssh is needed.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ConsoleDevices, ConsoleOpenArgs, ConsoleSession, VmRef } from '../../../preload/contract';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { ConsoleBridge } from './bridge';
import { consoleDevicesFromXml } from './devices';
import { dialVnc } from './dial';
import { sshEndpointFromUri } from './ssh-tunnel';
import type { ConsoleGrant } from './tokens';
import { ConsoleUnavailable, type VncTarget, vncTargetFromXml } from './vnc-target';

/** What the console needs of a libvirt connection. */
export type ConsoleLibvirt = Pick<
  LibvirtConnectionApi,
  'uri' | 'lookupDomainByUuid' | 'domainGetXML' | 'domainGetState' | 'domainOpenConsole'
>;

const CONSOLE_FORCE = 1; // VIR_DOMAIN_CONSOLE_FORCE

const RUNNING_LIKE = new Set([1, 2, 3, 7]); // running, blocked, paused, pmsuspended: QEMU (and its VNC) is up

/** A server that can hand WebSocket upgrades on a path to us (the browser shell's `onUpgrade`). */
export interface UpgradeHost {
  onUpgrade(path: string, handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void): void;
}

export class ConsoleService {
  readonly bridge: ConsoleBridge;
  private sameOrigin = false;

  constructor(
    private readonly connectionFor: (id: string) => ConsoleLibvirt,
    opts: { tokenTtlMs?: number } = {},
  ) {
    this.bridge = new ConsoleBridge(async (grant) => {
      if (grant.kind === 'serial') return this.openSerial(grant, grant.force === true);
      const ssh = sshEndpointFromUri(this.connectionFor(grant.connection).uri);
      // the display console.open found a moment ago: no libvirt round trips on the way to the first frame;
      // if it no longer answers (the guest restarted on another port), ask libvirt where it is now
      if (grant.target) {
        try {
          return await dialVnc(grant.target, ssh);
        } catch {
          // looked up again below
        }
      }
      return dialVnc(await this.target(grant), ssh);
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

  /** The guest's graphical displays and whether it has a serial console (live XML while it runs). */
  async devices(ref: VmRef): Promise<ConsoleDevices> {
    const conn = this.connectionFor(ref.connection);
    const dom = await conn.lookupDomainByUuid(ref.uuid);
    return consoleDevicesFromXml(await conn.domainGetXML(dom, 0));
  }

  /** The guest's serial console as a byte stream; fails while another client holds it, unless forced. */
  private async openSerial(ref: VmRef, force: boolean) {
    const conn = this.connectionFor(ref.connection);
    const dom = await this.running(ref);
    try {
      return await conn.domainOpenConsole(dom, undefined, force ? CONSOLE_FORCE : 0);
    } catch (err) {
      throw new Error(`The guest's serial console could not be opened: ${(err as Error).message}`);
    }
  }

  private async running(ref: VmRef) {
    const conn = this.connectionFor(ref.connection);
    const dom = await conn.lookupDomainByUuid(ref.uuid);
    const { state } = await conn.domainGetState(dom);
    if (!RUNNING_LIKE.has(state))
      throw new ConsoleUnavailable('The guest is off. Start it to see its console.');
    return dom;
  }

  /**
   * Carries consoles over the host's own server (path /console) instead of the loopback bridge port:
   * console.open then answers a path the page resolves against its own origin, which a browser on
   * another machine (serve --host, an ssh tunnel to serve's port) reaches as well as the local one.
   */
  serveOn(host: UpgradeHost): void {
    host.onUpgrade('/console', (req, socket, head) => this.bridge.handleUpgrade(req, socket, head));
    this.sameOrigin = true;
  }

  /** A console session for a running guest: checked now so the UI can say why not, before connecting. */
  async open(args: ConsoleOpenArgs): Promise<ConsoleSession> {
    const ref = { connection: args.connection, uuid: args.uuid };
    let grant: ConsoleGrant = ref;
    if (args.kind === 'serial') {
      await this.running(ref);
      if (!(await this.devices(ref)).serial)
        throw new ConsoleUnavailable('This guest has no serial console.');
      grant = { ...ref, kind: 'serial', ...(args.force ? { force: true } : {}) };
    } else {
      grant = { ...ref, target: await this.target(ref) };
    }
    return { url: this.sameOrigin ? this.bridge.sessionPath(grant) : await this.bridge.sessionUrl(grant) };
  }

  stop(): Promise<void> {
    return this.bridge.stop();
  }
}
