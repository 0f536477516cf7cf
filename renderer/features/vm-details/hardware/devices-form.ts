// What the Devices card shows and offers, from VmDetails.devices: one row per device the guest has (in
// words, with the edit that removes it), and the "Add hardware" menu's entries for what it has not.
// Pure: the card renders these and sends their edits through vms.edit.
import type { GuestDevices, HardwareEdit } from '../../../../preload/contract';

export type DeviceId = 'tpm' | 'video' | 'sound' | 'tablet' | 'guestAgent' | 'rng' | 'watchdog';

export interface DeviceRowInfo {
  id: DeviceId;
  label: string;
  detail: string;
  /** the edit that removes it (absent: it can only be changed, as the video card) */
  remove?: HardwareEdit;
  /** it has settings the row's Edit changes */
  editable: boolean;
}

export interface AddEntry {
  id: DeviceId | 'cdrom';
  label: string;
  /** one line under the label: what it is for */
  hint: string;
  edit: HardwareEdit;
}

export const VIDEO_MODELS = [
  { value: 'virtio', label: 'virtio (fastest; Linux, Windows with virtio-win)' },
  { value: 'qxl', label: 'QXL (SPICE; older Linux and Windows)' },
  { value: 'vga', label: 'VGA (every OS, BIOS screens)' },
  { value: 'bochs', label: 'Bochs (UEFI guests without a driver)' },
  { value: 'none', label: 'None (serial console only)' },
] as const;
export type VideoModel = (typeof VIDEO_MODELS)[number]['value'];

export const SOUND_MODELS = [
  { value: 'ich9', label: 'ich9 (Intel HD Audio, Q35)' },
  { value: 'ich6', label: 'ich6 (Intel HD Audio, older guests)' },
] as const;
export type SoundModel = (typeof SOUND_MODELS)[number]['value'];

export const WATCHDOG_ACTIONS = [
  { value: 'reset', label: 'Reset the guest' },
  { value: 'shutdown', label: 'Shut it down (ACPI)' },
  { value: 'poweroff', label: 'Power it off' },
  { value: 'pause', label: 'Pause it' },
  { value: 'dump', label: 'Dump its memory, then reset' },
  { value: 'inject-nmi', label: 'Send it an NMI' },
  { value: 'none', label: 'Nothing' },
] as const;
export type WatchdogAction = (typeof WATCHDOG_ACTIONS)[number]['value'];

/** i6300esb fits every machine; the iTCO is part of the Q35 chipset */
export function watchdogModels(machine: string | undefined) {
  const esb = { value: 'i6300esb', label: 'i6300esb (a PCI card every OS knows)' } as const;
  if (!machine?.includes('q35')) return [esb];
  return [esb, { value: 'itco', label: 'iTCO (part of the Q35 chipset)' } as const];
}

const actionWords = (a: string) => WATCHDOG_ACTIONS.find((x) => x.value === a)?.label ?? a;

export function deviceRows(d: GuestDevices): DeviceRowInfo[] {
  const rows: DeviceRowInfo[] = [];
  if (d.tpm)
    rows.push({
      id: 'tpm',
      label: `TPM ${d.tpm.version ?? ''}`.trim(),
      detail: `${d.tpm.model}, emulated by swtpm`,
      remove: { kind: 'tpm', enabled: false },
      editable: false,
    });
  if (d.video)
    rows.push({
      id: 'video',
      label: 'Video',
      detail: d.video === 'none' ? 'none (no display card)' : d.video,
      editable: true,
    });
  if (d.sound)
    rows.push({
      id: 'sound',
      label: 'Sound',
      detail: d.sound,
      remove: { kind: 'sound', model: 'none' },
      editable: true,
    });
  if (d.tablet)
    rows.push({
      id: 'tablet',
      label: 'USB tablet',
      detail: 'the pointer follows the host’s without grabbing it',
      remove: { kind: 'tablet', enabled: false },
      editable: false,
    });
  if (d.guestAgent)
    rows.push({
      id: 'guestAgent',
      label: 'Guest agent channel',
      detail: 'org.qemu.guest_agent.0 (for qemu-guest-agent inside the guest)',
      remove: { kind: 'guestAgent', enabled: false },
      editable: false,
    });
  if (d.rng)
    rows.push({
      id: 'rng',
      label: 'Random number generator',
      detail: 'virtio-rng from the host’s /dev/urandom',
      remove: { kind: 'rng', enabled: false },
      editable: false,
    });
  if (d.watchdog)
    rows.push({
      id: 'watchdog',
      label: 'Watchdog',
      detail: `${d.watchdog.model}; when the guest stops answering: ${actionWords(d.watchdog.action).toLowerCase()}`,
      remove: { kind: 'watchdog', watchdog: 'none' },
      editable: true,
    });
  return rows;
}

/** what "Add hardware" offers this guest: each device it does not have yet, with sensible settings */
export function addEntries(d: GuestDevices, machine: string | undefined): AddEntry[] {
  const q35 = machine?.includes('q35') ?? false;
  const all: (AddEntry | false)[] = [
    { id: 'cdrom', label: 'CD/DVD drive', hint: 'an empty drive; insert a disc later', edit: cdromEdit(q35) },
    !d.tpm && {
      id: 'tpm',
      label: 'TPM 2.0',
      hint: 'Windows 11, BitLocker, measured boot',
      edit: { kind: 'tpm', enabled: true },
    },
    !d.video && {
      id: 'video',
      label: 'Video card',
      hint: 'virtio, for a graphical console',
      edit: { kind: 'video', model: 'virtio' },
    },
    !d.sound && {
      id: 'sound',
      label: 'Sound card',
      hint: q35 ? 'ich9 (Intel HD Audio)' : 'ich6 (Intel HD Audio)',
      edit: { kind: 'sound', model: q35 ? 'ich9' : 'ich6' },
    },
    !d.tablet && {
      id: 'tablet',
      label: 'USB tablet',
      hint: 'a pointer that follows the host’s',
      edit: { kind: 'tablet', enabled: true },
    },
    !d.guestAgent && {
      id: 'guestAgent',
      label: 'Guest agent channel',
      hint: 'for qemu-guest-agent: clean shutdown, IP addresses',
      edit: { kind: 'guestAgent', enabled: true },
    },
    !d.rng && {
      id: 'rng',
      label: 'Random number generator',
      hint: 'virtio-rng: entropy from the host',
      edit: { kind: 'rng', enabled: true },
    },
    !d.watchdog && {
      id: 'watchdog',
      label: 'Watchdog',
      hint: 'i6300esb: resets a guest that hangs',
      edit: { kind: 'watchdog', watchdog: { model: 'i6300esb', action: 'reset' } },
    },
  ];
  return all.filter((e): e is AddEntry => e !== false);
}

// Q35 has no IDE; a pc machine's own IDE bus needs no new controller (SATA would add an AHCI card)
const cdromEdit = (q35: boolean): HardwareEdit => ({ kind: 'addCdrom', bus: q35 ? 'sata' : 'ide' });
