// XML: the guest's domain XML as libvirt has it (virt-manager's XML tab), the saved definition or, on a
// running guest, the live one; and an editor for experts. Save defines the whole text with libvirt's
// validation: what libvirt refuses is shown with its own message and the text stays for fixing; a
// definition changed elsewhere since the editor opened is refused (vms.defineXml's version check).
import {
  Alert,
  Button,
  Code,
  Group,
  ScrollArea,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState } from 'react';
import type { ApiError, GuestXml, VmDetails, VmSummary } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

const RUNNING = new Set(['running', 'paused', 'pmsuspended', 'blocked', 'shutdown']);
const REFUSAL_TITLES: Partial<Record<ApiError['code'], string>> = {
  CHANGED_ELSEWHERE: 'Changed elsewhere',
  LIBVIRT: 'libvirt refused this definition',
};
const MONO = { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12, lineHeight: 1.45 };

export function XmlTab({ vm, details }: { vm: VmSummary; details?: VmDetails }) {
  const bridge = useBridge();
  const running = RUNNING.has(vm.state);
  const [which, setWhich] = useState<'saved' | 'live'>('saved');
  const live = running && which === 'live';
  const [shown, setShown] = useState<GuestXml & { live: boolean }>();
  const [readError, setReadError] = useState<ApiError>();
  // the editor: its text and the version it started from
  const [draft, setDraft] = useState<{ text: string; from: string }>();
  const [saving, setSaving] = useState(false);
  const [refusal, setRefusal] = useState<ApiError>();
  const refusalRef = useRef<HTMLDivElement>(null);
  // the buttons in view with the reason just above them, where the user just pressed Save
  useEffect(() => {
    if (refusal) refusalRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [refusal]);

  const version = details?.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: read again when the guest changes (its version and state follow libvirt's events)
  useEffect(() => {
    let current = true;
    void bridge.call('vms.getXml', { connection: vm.connection, uuid: vm.uuid, live }).then((r) => {
      if (!current) return;
      if (r.ok) {
        setShown({ ...r.value, live });
        setReadError(undefined);
      } else setReadError(r.error);
    });
    return () => {
      current = false;
    };
  }, [bridge, vm.connection, vm.uuid, live, version, vm.state]);

  const startEditing = async () => {
    // the saved definition, freshly read: that is what a define replaces
    const r = await bridge.call('vms.getXml', { connection: vm.connection, uuid: vm.uuid });
    if (!r.ok) return setReadError(r.error);
    setWhich('saved');
    setRefusal(undefined);
    setDraft({ text: r.value.xml, from: r.value.version });
  };

  const save = async () => {
    if (!draft) return;
    setSaving(true);
    const r = await bridge.call('vms.defineXml', {
      connection: vm.connection,
      uuid: vm.uuid,
      xml: draft.text,
      version: draft.from,
    });
    setSaving(false);
    if (!r.ok) {
      // the text stays as typed, with libvirt's reason above it
      setRefusal(r.error);
      return;
    }
    setDraft(undefined);
    setRefusal(undefined);
    setShown({ ...r.value, live: false });
    notifications.show({
      title: 'Definition saved',
      message: running ? 'The running guest gets what changed at its next start.' : 'libvirt validated it.',
    });
  };

  return (
    <Stack gap="sm" data-testid="details-xml">
      <Group justify="space-between">
        {running && !draft ? (
          <SegmentedControl
            size="xs"
            value={which}
            onChange={(v) => setWhich(v as 'saved' | 'live')}
            data={[
              { value: 'saved', label: 'Saved (next start)' },
              { value: 'live', label: 'Running now' },
            ]}
            data-testid="xml-which"
          />
        ) : (
          <Text size="sm" c="dimmed">
            {draft ? 'Editing the saved definition' : 'The saved definition'}
          </Text>
        )}
        {!draft && (
          <Button
            size="compact-sm"
            variant="light"
            disabled={!vm.persistent}
            title={vm.persistent ? undefined : 'A transient guest has no saved definition to edit.'}
            onClick={() => void startEditing()}
            data-testid="xml-edit"
          >
            Edit XML…
          </Button>
        )}
      </Group>
      {readError && (
        <Alert color="yellow" title="Could not read the XML">
          {readError.message}
        </Alert>
      )}
      {draft ? (
        <>
          <Text size="xs" c="dimmed" data-testid="xml-editor-note">
            For experts: Save replaces the whole definition, checked by libvirt first. The name and UUID
            cannot change here (rename the guest on its Overview tab).
            {running ? ' A running guest gets the changes at its next start.' : ''}
          </Text>
          {version !== undefined && version !== draft.from && !refusal && (
            <Alert color="yellow" data-testid="xml-stale">
              The guest changed since this editor opened: saving will be refused. Copy what you need, then
              Cancel and edit again.
            </Alert>
          )}
          <Textarea
            value={draft.text}
            onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
            autosize
            minRows={20}
            maxRows={40}
            spellCheck={false}
            aria-label="Domain XML"
            styles={{ input: { ...MONO, whiteSpace: 'pre', overflowX: 'auto' } }}
            data-testid="xml-editor"
          />
          {/* by the Save button just pressed: the text stays above it for fixing */}
          {refusal && (
            <Alert color="red" title={REFUSAL_TITLES[refusal.code] ?? 'Not saved'} data-testid="xml-refusal">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {refusal.message}
              </Text>
            </Alert>
          )}
          <Group gap="xs" ref={refusalRef}>
            <Button size="xs" loading={saving} onClick={() => void save()} data-testid="xml-save">
              Save
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={saving}
              onClick={() => {
                setDraft(undefined);
                setRefusal(undefined);
              }}
              data-testid="xml-cancel"
            >
              Cancel
            </Button>
          </Group>
        </>
      ) : (
        <ScrollArea type="auto" offsetScrollbars>
          <Code block style={MONO} data-testid="xml-view" data-live={shown?.live || undefined}>
            {shown?.xml ?? '…'}
          </Code>
        </ScrollArea>
      )}
    </Stack>
  );
}
