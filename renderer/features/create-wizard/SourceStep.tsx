// Step 1: which host the guest runs on (when more than one is connected), and where its system comes
// from: an installer ISO, an existing disk image, or the network. Everything is chosen on that host:
// "From a pool…" lists its storage pools' volumes (libvirt's storage API, so a remote host's too);
// Browse… is for this machine's files only and is not offered for a remote host. Browse… opens the
// desktop's own file picker in the Electron app (files.pick), and KVM Desk's server-side file browser in
// the browser shell (or when the native one is unavailable).
import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconDatabase, IconFolderOpen } from '@tabler/icons-react';
import { useState } from 'react';
import type { ConnectionId, FieldProblem } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { errorText } from './FieldMessages';
import { FileBrowser, parentDir } from './FileBrowser';
import { useInstallMedia, VolumePicker } from './VolumePicker';
import { chooseSource, problemsOf, type SourceKind, setPath, touch, type WizardState } from './wizard-state';

/** a connected host the wizard can create on, named as the guest list names it */
export interface WizardHost {
  id: ConnectionId;
  name: string;
}

const DEFAULT_DIR = '/var/lib/libvirt/images';
const ISO_EXTENSIONS = ['.iso'];
const DISK_EXTENSIONS = ['.qcow2', '.raw', '.img'];

export interface SourceStepProps {
  state: WizardState;
  connection: ConnectionId;
  /** the connected hosts; the select shows when there are two or more */
  hosts: WizardHost[];
  onHost: (connection: ConnectionId) => void;
  problems: FieldProblem[];
  onChange: (next: (s: WizardState) => WizardState) => void;
}

export function SourceStep({ state, connection, hosts, onHost, problems, onChange }: SourceStepProps) {
  const bridge = useBridge();
  const [browsing, setBrowsing] = useState(false);
  const [pickingVolume, setPickingVolume] = useState(false);
  const [pickError, setPickError] = useState<string>();
  const kind = state.sourceKind;
  const media = useInstallMedia(connection, kind === 'import' ? 'disk' : 'iso');
  const hostName = hosts.find((h) => h.id === connection)?.name ?? connection;
  // undefined until the host said: a remote host's files are never offered from this machine's
  const localFiles = media.media?.files;
  const pathProblems = problemsOf(problems, 'source', 'source.path');
  const title = kind === 'iso' ? 'Choose an ISO image' : 'Choose a disk image';

  async function browse() {
    setPickError(undefined);
    if (bridge.shell !== 'electron') {
      setBrowsing(true);
      return;
    }
    // the api decides whether the desktop's picker fits this connection (a remote host's files: it does not)
    const r = await bridge.call('files.pick', {
      connection,
      title,
      filters: kind === 'iso' ? 'iso' : 'disk',
    });
    if (r.ok) {
      const path = r.value.path;
      if (path) onChange((s) => touch(setPath(s, path), 'source.path'));
    } else if (r.error.code === 'NOT_FOUND') {
      setBrowsing(true); // no native picker here (remote host, or none at all): KVM Desk's own browser
    } else {
      setPickError(r.error.message);
    }
  }

  return (
    <Stack gap="md">
      {hosts.length > 1 && (
        <Select
          label="Host"
          description="The guest runs there; its install media, disk and network are that host's."
          data={hosts.map((h) => ({ value: h.id, label: h.name }))}
          value={connection}
          onChange={(v) => v && v !== connection && onHost(v)}
          allowDeselect={false}
          checkIconPosition="right"
          data-testid="wizard-host"
        />
      )}
      <SegmentedControl
        aria-label="Install from"
        value={kind}
        onChange={(v) => onChange((s) => chooseSource(s, v as SourceKind))}
        data={[
          { value: 'iso', label: 'Installer ISO' },
          { value: 'import', label: 'Existing disk image' },
          { value: 'pxe', label: 'Network boot (PXE)' },
        ]}
      />
      {kind === 'pxe' ? (
        <Text size="sm" c="dimmed" data-testid="pxe-note">
          The guest boots from the network: a PXE server on its network must offer it an installer. It gets an
          empty disk to install onto.
        </Text>
      ) : (
        <>
          <TextInput
            label={kind === 'iso' ? 'ISO image' : 'Disk image (qcow2 or raw)'}
            description={
              localFiles === false
                ? `A volume in one of ${hostName}'s storage pools: choose it from a pool.`
                : kind === 'iso'
                  ? 'A file on the host that runs the guests, or a volume in one of its pools.'
                  : 'The guest uses this file as its disk; it is not copied.'
            }
            placeholder={kind === 'iso' ? `${DEFAULT_DIR}/debian-12.iso` : `${DEFAULT_DIR}/guest.qcow2`}
            value={state.path}
            onChange={(e) => {
              const value = e.currentTarget.value;
              onChange((s) => setPath(s, value));
            }}
            onBlur={() => onChange((s) => touch(s, 'source.path'))}
            error={errorText(pathProblems)}
            data-testid="source-path"
            // the wizard's first field: focused when it opens (Mantine's modal) and when this step shows
            data-autofocus
            spellCheck={false}
            inputContainer={(input) => (
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <div style={{ flex: 1 }}>{input}</div>
                {localFiles && (
                  <Button
                    variant="default"
                    leftSection={<IconFolderOpen size={16} />}
                    onClick={() => void browse()}
                    data-testid="browse"
                  >
                    Browse…
                  </Button>
                )}
                <Button
                  variant="default"
                  leftSection={<IconDatabase size={16} />}
                  onClick={() => {
                    media.reload();
                    setPickingVolume(true);
                  }}
                  data-testid="browse-pools"
                >
                  From a pool…
                </Button>
              </Group>
            )}
          />
          {pickError && (
            <Text size="sm" c="red" data-testid="pick-error">
              {pickError}
            </Text>
          )}
          <VolumePicker
            opened={pickingVolume}
            hostName={hostName}
            kind={kind === 'import' ? 'disk' : 'iso'}
            media={media.media}
            error={media.error}
            onClose={() => setPickingVolume(false)}
            onPick={(v) => {
              setPickingVolume(false);
              onChange((s) => touch(setPath(s, v.path), 'source.path'));
            }}
          />
          <FileBrowser
            opened={browsing && localFiles === true}
            connection={connection}
            startDir={state.path.startsWith('/') ? parentDir(state.path) : DEFAULT_DIR}
            extensions={kind === 'iso' ? ISO_EXTENSIONS : DISK_EXTENSIONS}
            title={title}
            onClose={() => setBrowsing(false)}
            onPick={(path) => {
              setBrowsing(false);
              onChange((s) => touch(setPath(s, path), 'source.path'));
            }}
          />
        </>
      )}
    </Stack>
  );
}
