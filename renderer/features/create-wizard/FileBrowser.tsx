// A file browser that lists the libvirt host's files through the api (files.list), so it works the same
// in Electron and in the browser shell, and for remote connections where a local picker would be wrong.
import {
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Group,
  Modal,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconFile, IconFolder } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ConnectionId, FileEntry } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { formatBytes } from './format';

export interface FileBrowserProps {
  opened: boolean;
  connection: ConnectionId;
  /** where to start: the directory of the current value, or this */
  startDir: string;
  /** file name endings offered by default, e.g. ['.iso'] */
  extensions: string[];
  title: string;
  onPick: (path: string) => void;
  onClose: () => void;
}

export function parentDir(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

export function matchesExtension(name: string, extensions: string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.length === 0 || extensions.some((e) => lower.endsWith(e));
}

export function FileBrowser({
  opened,
  connection,
  startDir,
  extensions,
  title,
  onPick,
  onClose,
}: FileBrowserProps) {
  const bridge = useBridge();
  const [dir, setDir] = useState(startDir);
  const [entries, setEntries] = useState<FileEntry[]>([]);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [allFiles, setAllFiles] = useState(false);

  useEffect(() => {
    if (opened) setDir(startDir);
  }, [opened, startDir]);

  useEffect(() => {
    if (!opened) return;
    let live = true;
    setLoading(true);
    void bridge.call('files.list', { connection, path: dir }).then((res) => {
      if (!live) return;
      setLoading(false);
      if (res.ok) {
        setEntries(res.value);
        setError(undefined);
      } else {
        setEntries([]);
        setError(res.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [bridge, connection, dir, opened]);

  const shown = entries
    .filter((e) => e.kind === 'dir' || allFiles || matchesExtension(e.name, extensions))
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const crumbs = dir.split('/').filter(Boolean);

  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg" zIndex={400} data-testid="file-browser">
      <Stack gap="xs">
        <Breadcrumbs separator="›" separatorMargin={6}>
          <Anchor component="button" type="button" onClick={() => setDir('/')}>
            /
          </Anchor>
          {crumbs.map((c, i) => (
            <Anchor
              component="button"
              type="button"
              key={`/${crumbs.slice(0, i + 1).join('/')}`}
              onClick={() => setDir(`/${crumbs.slice(0, i + 1).join('/')}`)}
            >
              {c}
            </Anchor>
          ))}
        </Breadcrumbs>
        <ScrollArea h={320} type="auto" offsetScrollbars>
          <Stack gap={2}>
            {dir !== '/' && (
              <FileRow icon={<IconFolder size={16} />} name=".." onClick={() => setDir(parentDir(dir))} />
            )}
            {shown.map((e) => (
              <FileRow
                key={e.path}
                icon={e.kind === 'dir' ? <IconFolder size={16} /> : <IconFile size={16} />}
                name={e.name}
                size={e.kind === 'file' && e.size !== undefined ? formatBytes(e.size) : undefined}
                onClick={() => (e.kind === 'dir' ? setDir(e.path) : onPick(e.path))}
              />
            ))}
            {!loading && !error && shown.length === 0 && (
              <Text c="dimmed" size="sm" p="xs">
                No {allFiles ? 'files' : extensions.join(' or ')} files here.
              </Text>
            )}
            {error && (
              <Text c="red" size="sm" p="xs" role="alert">
                {error}
              </Text>
            )}
          </Stack>
        </ScrollArea>
        <Group justify="space-between">
          {extensions.length > 0 ? (
            <Checkbox
              label="Show all files"
              checked={allFiles}
              onChange={(e) => setAllFiles(e.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function FileRow(props: { icon: React.ReactNode; name: string; size?: string; onClick: () => void }) {
  return (
    <UnstyledButton
      onClick={props.onClick}
      px="xs"
      py={4}
      data-testid="file-row"
      style={{ borderRadius: 4, display: 'block', width: '100%' }}
      className="kvm-file-row"
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap">
          {props.icon}
          <Text size="sm" truncate>
            {props.name}
          </Text>
        </Group>
        {props.size && (
          <Text size="xs" c="dimmed">
            {props.size}
          </Text>
        )}
      </Group>
    </UnstyledButton>
  );
}
