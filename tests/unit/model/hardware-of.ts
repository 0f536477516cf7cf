// The hardware choices a domain XML makes, in a form two XMLs can be compared by (ours vs virt-install's).
import { attr, child, find, findAll, parseXml } from '../../../main/model/xml';

export interface HardwareOf {
  domainType: string;
  machine: string;
  firmware: string;
  tpm: boolean;
  cpu: string;
  hyperv: string[];
  clock: string;
  timers: string[];
  diskBus?: string;
  cdromBus?: string;
  nicModel?: string;
  video?: string;
  usb: string[];
  rootPorts: number;
  rng: boolean;
  guestAgent: boolean;
  memballoon: boolean;
  tablet: boolean;
  console: boolean;
  graphics: string;
  boot: string[];
  suspendDisabled: boolean;
}

export function hardwareOf(xml: string): HardwareOf {
  const root = parseXml(xml).documentElement!;
  const devs = find(root, 'devices');
  const disks = findAll(devs, 'disk');
  const bus = (device: string) =>
    attr(
      child(
        disks.find((d) => attr(d, 'device') === device),
        'target',
      ),
      'bus',
    );
  const machine = attr(find(root, 'os/type'), 'machine') ?? '';
  const g = child(devs, 'graphics');
  return {
    domainType: attr(root, 'type') ?? '',
    machine: /q35/.test(machine) ? 'q35' : /i440fx|^pc$/.test(machine) ? 'pc' : machine,
    firmware: attr(child(root, 'os'), 'firmware') ?? 'bios',
    tpm: child(devs, 'tpm') !== undefined,
    cpu: attr(child(root, 'cpu'), 'mode') ?? 'default',
    hyperv: findAll(root, 'features/hyperv/*')
      .map((e) => e.tagName)
      .sort(),
    clock: attr(child(root, 'clock'), 'offset') ?? 'utc',
    timers: findAll(root, 'clock/timer')
      .map((t) => `${attr(t, 'name')}:${attr(t, 'tickpolicy') ?? attr(t, 'present')}`)
      .sort(),
    diskBus: bus('disk'),
    cdromBus: bus('cdrom'),
    nicModel: attr(find(devs, 'interface/model'), 'type'),
    video: attr(find(devs, 'video/model'), 'type'),
    usb: findAll(devs, 'controller')
      .filter((c) => attr(c, 'type') === 'usb')
      .map((c) => attr(c, 'model') ?? ''),
    rootPorts: findAll(devs, 'controller').filter((c) => attr(c, 'model') === 'pcie-root-port').length,
    rng: child(devs, 'rng') !== undefined,
    guestAgent: findAll(devs, 'channel').some(
      (c) => attr(child(c, 'target'), 'name') === 'org.qemu.guest_agent.0',
    ),
    memballoon: attr(child(devs, 'memballoon'), 'model') === 'virtio',
    tablet: findAll(devs, 'input').some((i) => attr(i, 'type') === 'tablet' && attr(i, 'bus') === 'usb'),
    console: child(devs, 'console') !== undefined,
    graphics: `${attr(g, 'type')}@${attr(g, 'listen')}`,
    boot: findAll(root, 'os/boot').map((b) => attr(b, 'dev') ?? ''),
    suspendDisabled: attr(find(root, 'pm/suspend-to-mem'), 'enabled') === 'no',
  };
}
