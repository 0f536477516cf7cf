// A CD/DVD drive's Insert… / Change… / Eject, on a running guest too (QEMU swaps the disc at once):
// vms.edit with the version these details were read at, so a definition changed elsewhere is not overwritten.
import { Button, Group } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import type { DiskInfo, VmDetails } from '../../../../preload/contract';
import { useHardwareEdit } from './useHardwareEdit';

// loaded when first opened: the details (and the first paint) do not carry the browser's code
const FileBrowser = lazy(() =>
  import('../../create-wizard/FileBrowser').then((m) => ({ default: m.FileBrowser })),
);

const IMAGES = '/var/lib/libvirt/images';
const folderOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

export function CdromMedia({ details, disk }: { details: VmDetails; disk: DiskInfo }) {
  const edit = useHardwareEdit(details);
  const [browsing, setBrowsing] = useState(false);
  const [busy, setBusy] = useState(false);
  const change = async (path: string | undefined) => {
    setBusy(true);
    await edit(
      { kind: 'cdromMedia', target: disk.target, ...(path ? { path } : {}) },
      path ? 'Could not insert the disc' : 'Could not eject the disc',
    );
    setBusy(false);
  };
  return (
    <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
      <Button
        size="compact-xs"
        variant="light"
        loading={busy}
        onClick={() => setBrowsing(true)}
        data-testid={`disk-${disk.target}-insert`}
      >
        {disk.path ? 'Change…' : 'Insert…'}
      </Button>
      {disk.path && (
        <Button
          size="compact-xs"
          variant="subtle"
          disabled={busy}
          onClick={() => void change(undefined)}
          data-testid={`disk-${disk.target}-eject`}
        >
          Eject
        </Button>
      )}
      {browsing && (
        <Suspense fallback={null}>
          <FileBrowser
            opened={browsing}
            connection={details.connection}
            startDir={disk.path ? folderOf(disk.path) : IMAGES}
            extensions={['.iso']}
            title={`Disc image for ${disk.target}`}
            onPick={(path) => {
              setBrowsing(false);
              void change(path);
            }}
            onClose={() => setBrowsing(false)}
          />
        </Suspense>
      )}
    </Group>
  );
}
