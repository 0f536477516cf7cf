// After the guest's first shutdown that follows an install, the installer ISO is still in its drive and
// would boot again: offer to eject it. Mounted in the guest's details (VmDetails comes from there).
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconDisc } from '@tabler/icons-react';
import { useState } from 'react';
import type { DiskInfo, VmDetails } from '../../../preload/contract';
import { useBridge } from '../../app/context';

// libvirt's shut-off reasons that mean "it ran and stopped"; a guest defined and never started (made
// with "customise before creating") is shut off with reason "unknown" and has installed nothing yet.
// After libvirtd restarts, a guest that ran is also reported with reason "unknown": KVM Desk's metadata
// (startedSinceInstall, set when createGuest started it) says it ran.
const STOPPED_AFTER_RUNNING = ['shut down', 'destroyed', 'crashed'];

/** The CD-ROM that still holds the installer, when the guest has run from that ISO and is now off. */
export function installerToEject(vm: VmDetails): DiskInfo | undefined {
  if (vm.state !== 'shutoff' || !vm.installSource) return undefined;
  if (!vm.startedSinceInstall && !STOPPED_AFTER_RUNNING.includes(vm.reason)) return undefined;
  return vm.disks.find((d) => d.device === 'cdrom' && d.path === vm.installSource);
}

const dismissKey = (uuid: string) => `kvmdesk.eject-dismissed.${uuid}`;

export function EjectIsoPrompt({ vm }: { vm: VmDetails }) {
  const bridge = useBridge();
  const [dismissed, setDismissed] = useState(() => readDismissed(vm.uuid));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [ejected, setEjected] = useState<string>();
  const cdrom = installerToEject(vm);
  if (dismissed || !cdrom || ejected === cdrom.path) return null;

  async function eject(target: string) {
    setBusy(true);
    setError(undefined);
    const r = await bridge.call('vms.ejectMedia', { connection: vm.connection, uuid: vm.uuid, target });
    setBusy(false);
    if (r.ok) setEjected(cdrom?.path);
    else setError(r.error.message);
  }

  return (
    <Alert
      color="blue"
      icon={<IconDisc size={18} />}
      title="Installation finished?"
      data-testid="eject-iso-prompt"
    >
      <Text size="sm">
        The installer {cdrom.path} is still in the guest's CD-ROM drive ({cdrom.target}); the guest would boot
        it again. Eject it so the guest starts from its disk.
      </Text>
      {error && (
        <Text size="sm" c="red" mt={4}>
          {error}
        </Text>
      )}
      <Group gap="xs" mt="xs">
        <Button size="xs" loading={busy} onClick={() => void eject(cdrom.target)} data-testid="eject-iso">
          Eject the ISO
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => {
            writeDismissed(vm.uuid);
            setDismissed(true);
          }}
          data-testid="keep-iso"
        >
          Keep it
        </Button>
      </Group>
    </Alert>
  );
}

function readDismissed(uuid: string): boolean {
  try {
    return globalThis.localStorage?.getItem(dismissKey(uuid)) === '1';
  } catch {
    return false; // storage disabled: ask again next time, no harm
  }
}

function writeDismissed(uuid: string): void {
  try {
    globalThis.localStorage?.setItem(dismissKey(uuid), '1');
  } catch {
    // storage disabled: the prompt comes back next time
  }
}
