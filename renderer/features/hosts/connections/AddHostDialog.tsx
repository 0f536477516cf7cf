// "Add host": host, user, port, system or session. The URI it makes is shown as it is typed (main builds
// and checks it); Test opens the host for real and shows ssh's own error, classified, with the command
// that fixes it where there is one (an unknown host key: ssh once in a terminal, never accepted here).
import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { HostTestResult, HostUri } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { callOrNotify } from '../../../app/errors';
import { type AddHostForm, EMPTY_FORM, sshArgsOf } from './add-host-form';

const KIND_TITLE: Record<string, string> = {
  'host-key-unknown': 'Host key not known yet',
  'host-key-changed': 'Host key changed',
  'permission-denied': 'Login refused',
  'connection-refused': 'Connection refused',
  'unknown-host': 'Unknown host',
  timeout: 'No answer',
  'no-proxy': 'No way to reach libvirt there',
  'libvirt-not-running': 'libvirt is not running there',
  libvirt: 'libvirt refused',
  other: 'Could not connect',
};

function TestAnswer({ result }: { result: HostTestResult }) {
  if (result.ok)
    return (
      <Alert color="green" icon={<IconCircleCheck />} data-testid="host-test-result" data-kind="ok">
        Connected to {result.hostname} (libvirt {result.libvirtVersion}): {result.guests} guest
        {result.guests === 1 ? '' : 's'}, in {(result.ms / 1000).toFixed(1)} s.
      </Alert>
    );
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle />}
      title={KIND_TITLE[result.kind]}
      data-testid="host-test-result"
      data-kind={result.kind}
    >
      <Stack gap={6}>
        <Text size="sm">{result.message}</Text>
        {result.command && (
          <Text size="sm">
            Run in a terminal: <Code data-testid="host-test-command">{result.command}</Code>
          </Text>
        )}
        {result.said && (
          <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>
            ssh said: {result.said}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

export function AddHostDialog(props: {
  opened: boolean;
  onClose: () => void;
  onAdded?: (id: string) => void;
}) {
  const bridge = useBridge();
  const [form, setForm] = useState<AddHostForm>(EMPTY_FORM);
  const [uri, setUri] = useState<HostUri>({ problems: [] });
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<HostTestResult | null>(null);
  const [adding, setAdding] = useState(false);
  const set = (change: Partial<AddHostForm>) => {
    setForm((f) => ({ ...f, ...change }));
    setResult(null);
  };
  const args = sshArgsOf(form);
  // the args' content, not their identity (a new object every render)
  const argsKey = JSON.stringify(args);

  useEffect(() => {
    if (props.opened) return;
    setForm(EMPTY_FORM);
    setResult(null);
  }, [props.opened]);

  // the URI and its problems, from main's one rule, as the user types
  useEffect(() => {
    const typed = JSON.parse(argsKey) as ReturnType<typeof sshArgsOf>;
    if ('portProblem' in typed) return setUri({ problems: [{ field: 'port', message: typed.portProblem }] });
    if (!typed.host) return setUri({ problems: [] });
    let current = true;
    void bridge.call('hosts.buildUri', typed).then((res) => {
      if (current && res.ok) setUri(res.value);
    });
    return () => {
      current = false;
    };
  }, [bridge, argsKey]);

  const problem = (field: string) => uri.problems.find((p) => p.field === field)?.message;
  const ready = !('portProblem' in args) && !!args.host && !!uri.uri && uri.problems.length === 0;

  const test = async () => {
    if (!ready || 'portProblem' in args) return;
    setTesting(true);
    setResult(null);
    const res = await callOrNotify(bridge, 'hosts.test', args, { title: 'Could not test the host' });
    setTesting(false);
    if (res) setResult(res.value);
  };
  const add = async () => {
    if (!ready || 'portProblem' in args) return;
    setAdding(true);
    const res = await callOrNotify(
      bridge,
      'hosts.add',
      {
        ...args,
        ...(form.label.trim() ? { label: form.label.trim() } : {}),
        connectAtStart: form.connectAtStart,
      },
      { title: 'Could not add the host' },
    );
    setAdding(false);
    if (res) {
      props.onAdded?.(res.value.id);
      props.onClose();
    }
  };

  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Add host"
      size="lg"
      data-testid="add-host-dialog"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          KVM Desk reaches the host with your ssh (keys, agent, ~/.ssh/config and known_hosts), as{' '}
          <Code>ssh user@host</Code> would.
        </Text>
        <Group grow align="flex-start">
          <TextInput
            label="Host"
            placeholder="server.lan or 192.168.1.10"
            data-testid="add-host-host"
            data-autofocus
            value={form.host}
            error={problem('host')}
            onChange={(e) => set({ host: e.currentTarget.value })}
          />
          <TextInput
            label="User"
            placeholder="ssh's default"
            data-testid="add-host-user"
            value={form.user}
            error={problem('user')}
            onChange={(e) => set({ user: e.currentTarget.value })}
            style={{ maxWidth: 160 }}
          />
          <TextInput
            label="Port"
            placeholder="22"
            data-testid="add-host-port"
            value={form.port}
            error={problem('port')}
            onChange={(e) => set({ port: e.currentTarget.value })}
            style={{ maxWidth: 90 }}
          />
        </Group>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Guests
          </Text>
          <SegmentedControl
            data-testid="add-host-daemon"
            value={form.daemon}
            onChange={(v) => set({ daemon: v as 'system' | 'session' })}
            data={[
              { value: 'system', label: 'System (the host’s guests)' },
              { value: 'session', label: 'Session (that user’s own)' },
            ]}
          />
        </Stack>
        <TextInput
          label="Name in the list (optional)"
          placeholder={form.host || 'Lab server'}
          data-testid="add-host-label"
          value={form.label}
          onChange={(e) => setForm((f) => ({ ...f, label: e.currentTarget.value }))}
        />
        <Switch
          label="Connect when KVM Desk starts"
          checked={form.connectAtStart}
          onChange={(e) => setForm((f) => ({ ...f, connectAtStart: e.currentTarget.checked }))}
        />
        <Text size="xs" c="dimmed" data-testid="add-host-uri">
          {uri.uri ? <Code>{uri.uri}</Code> : 'Enter the host to see its connection address.'}
        </Text>
        {result && <TestAnswer result={result} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            variant="light"
            loading={testing}
            disabled={!ready}
            onClick={() => void test()}
            data-testid="add-host-test"
          >
            Test
          </Button>
          <Button loading={adding} disabled={!ready} onClick={() => void add()} data-testid="add-host-add">
            Add
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
