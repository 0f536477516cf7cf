// The Boot card's rules: the boot order as rows (each device kind on or off, moved up and down), and
// which firmware this guest may switch to, each refusal in the user's words. Pure, tested alone.
import type { BootDevice, GuestBoot, HardwareEdit, VmDetails } from '../../../../preload/contract';

export interface BootRow {
  dev: BootDevice;
  on: boolean;
}

export const BOOT_LABELS: Record<BootDevice, string> = {
  hd: 'Hard disk',
  cdrom: 'CD/DVD',
  network: 'Network (PXE)',
};
const KINDS: BootDevice[] = ['hd', 'cdrom', 'network'];

/** the saved order's devices first (on), then the others (off); a floppy is left out */
export function bootRowsOf(boot: GuestBoot): BootRow[] {
  const on = boot.order.filter((d): d is BootDevice => d !== 'fd');
  return [
    ...on.map((dev) => ({ dev, on: true })),
    ...KINDS.filter((k) => !on.includes(k)).map((dev) => ({ dev, on: false })),
  ];
}

export function moveRow(rows: BootRow[], index: number, by: -1 | 1): BootRow[] {
  const to = index + by;
  if (to < 0 || to >= rows.length) return rows;
  const next = [...rows];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export function toggleRow(rows: BootRow[], index: number, on: boolean): BootRow[] {
  return rows.map((r, i) => (i === index ? { ...r, on } : r));
}

export const bootOrderOf = (rows: BootRow[]): BootDevice[] => rows.filter((r) => r.on).map((r) => r.dev);

export function bootProblem(rows: BootRow[]): string | undefined {
  return bootOrderOf(rows).length === 0 ? 'Choose at least one device to start from.' : undefined;
}

/** the edit that saves the rows, or none when they say what is saved */
export function bootOrderEdit(boot: GuestBoot, rows: BootRow[]): HardwareEdit | undefined {
  const order = bootOrderOf(rows);
  const same = !boot.perDevice && order.join() === boot.order.join();
  return same || order.length === 0 ? undefined : { kind: 'bootOrder', order };
}

/** what the guest has none of: its row says so (it is still allowed: a device may be added later) */
export function missingDevice(
  details: Pick<VmDetails, 'disks' | 'nics'>,
  dev: BootDevice,
): string | undefined {
  if (dev === 'hd' && !details.disks.some((d) => d.device === 'disk')) return 'this guest has no hard disk';
  if (dev === 'cdrom' && !details.disks.some((d) => d.device === 'cdrom'))
    return 'this guest has no CD/DVD drive';
  if (dev === 'network' && details.nics.length === 0) return 'this guest has no network adapter';
  return undefined;
}

export type FirmwareChoice = 'bios' | 'efi' | 'efi-secure';

export const FIRMWARE_LABELS: Record<FirmwareChoice, string> = {
  bios: 'BIOS',
  efi: 'UEFI',
  'efi-secure': 'UEFI with Secure Boot',
};

export function firmwareOfDetails(d: Pick<VmDetails, 'firmware' | 'secureBoot'>): FirmwareChoice {
  return d.firmware === 'bios' ? 'bios' : d.secureBoot ? 'efi-secure' : 'efi';
}

/** why the firmware cannot be changed now, or undefined */
export function firmwareLocked(d: Pick<VmDetails, 'state'>): string | undefined {
  return d.state === 'shutoff'
    ? undefined
    : 'The firmware can be changed only while the guest is shut off: shut it down first.';
}

/** why this guest cannot have that firmware at all (the model refuses it too), or undefined */
export function firmwareUnavailable(
  d: Pick<VmDetails, 'arch' | 'machine'>,
  f: FirmwareChoice,
): string | undefined {
  const x86 = !d.arch || d.arch === 'x86_64' || d.arch === 'i686';
  if (f === 'bios' && !x86) return `Only x86 guests start from a BIOS; this guest is ${d.arch}.`;
  if (f === 'efi-secure' && x86 && !/q35/.test(d.machine ?? ''))
    return `Secure Boot needs the Q35 chipset; this guest uses ${d.machine || 'pc'} (i440FX).`;
  return undefined;
}

/** the confirmation's warning before a firmware change */
export function firmwareWarning(from: FirmwareChoice, to: FirmwareChoice): string {
  if (from === 'bios' || to === 'bios')
    return `An operating system installed for ${FIRMWARE_LABELS[from]} may not start with ${FIRMWARE_LABELS[to]}: each looks for its boot loader in a different place. Its disks are not changed, and you can switch back here.`;
  return to === 'efi-secure'
    ? 'With Secure Boot, only signed boot loaders start (Windows, and Linux distributions that ship shim); others stop with a security violation. You can switch back here.'
    : 'Without Secure Boot, the guest no longer checks its boot loader’s signature (Windows 11 wants Secure Boot). You can switch back here.';
}
