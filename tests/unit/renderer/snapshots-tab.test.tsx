// @vitest-environment jsdom
// The Snapshots tab over the fake bridge: the mechanism line, the tree (indented, current marked, date,
// state, kind, size), Take… with the name offered, Revert and Delete behind their confirmations, Delete
// with children, the description editor, a job's progress and its failure, and the refusal for a guest
// this version cannot snapshot. Keyboard only where it matters: Tab reaches every action.
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Job, SnapshotList, SnapshotNode, VmSummary } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, type FakeBridge, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const node = (name: string, extra: Partial<SnapshotNode> = {}): SnapshotNode => ({
  name,
  description: '',
  createdAt: Date.UTC(2026, 11, 1, 14, 0),
  state: 'running',
  kind: 'memory',
  location: 'internal',
  current: false,
  children: [],
  ...extra,
});

const INTERNAL = {
  kind: 'internal' as const,
  supported: true,
  line: 'Internal snapshots: the memory and disk state are kept inside the guest’s qcow2 files.',
};

function listWith(tree: SnapshotNode[], extra: Partial<SnapshotList> = {}): SnapshotList {
  return {
    mechanism: INTERNAL,
    tree,
    count: 3,
    suggestedName: 'Snapshot 4',
    guestRunning: true,
    agent: 'none',
    ...extra,
  };
}

const TREE = [
  node('Snapshot 1', {
    description: 'fresh install',
    sizeBytes: 2_878_761,
    children: [
      node('Snapshot 2', {
        current: true,
        parent: 'Snapshot 1',
        kind: 'disk',
        state: 'shutoff',
        sizeBytes: 0,
      }),
      node('Snapshot 3', { parent: 'Snapshot 1', sizeNote: 'Size unknown: …' }),
    ],
  }),
];

let jobs = 0;
const job = (title: string, state: Job['state'] = 'running', extra: Partial<Job> = {}): Job => ({
  id: `job-${++jobs}`,
  title,
  step: 'Working',
  state,
  ...extra,
});

async function openTab(vm: VmSummary, bridge: FakeBridge) {
  const r = await renderApp(bridge, {
    waitForRow: vm.name,
    hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'snapshots' }),
  });
  await screen.findByTestId('details-snapshots');
  return r;
}

const row = (name: string) =>
  screen.getAllByTestId('snapshot-row').find((r) => r.getAttribute('data-name') === name)!;

describe('the Snapshots tab', () => {
  it('shows the mechanism and the tree: children indented, the current one marked, date, state, kind, size', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]).handle('snapshots.list', () => listWith(TREE));
    await openTab(vm, bridge);
    expect(screen.getByTestId('snapshots-mechanism')).toHaveTextContent(INTERNAL.line);
    const rows = screen.getAllByTestId('snapshot-row');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['Snapshot 1', 'Snapshot 2', 'Snapshot 3']);
    // children sit deeper than their parent
    expect(rows.map((r) => r.getAttribute('data-depth'))).toEqual(['0', '1', '1']);
    expect(within(row('Snapshot 2')).getByTestId('snapshot-current')).toBeInTheDocument();
    expect(within(row('Snapshot 1')).queryByTestId('snapshot-current')).toBeNull();
    expect(within(row('Snapshot 1')).getByTestId('snapshot-facts')).toHaveTextContent(
      /Running · with memory · 2\.7 MiB of memory state/,
    );
    expect(within(row('Snapshot 1')).getByTestId('snapshot-description')).toHaveTextContent('fresh install');
    expect(within(row('Snapshot 2')).getByTestId('snapshot-facts')).toHaveTextContent(
      /Shut off · disk only · no memory state/,
    );
    expect(within(row('Snapshot 3')).getByTestId('snapshot-size')).toHaveTextContent('size unknown');
  });

  it('takes a snapshot with the offered name and a description; the job shows, then the tree is read again', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    let taken = false;
    const running = job('Taking the snapshot “before update”');
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () =>
        listWith(taken ? [node('before update', { current: true })] : [], { count: taken ? 1 : 0 }),
      )
      .handle('snapshots.take', () => running);
    const { user } = await openTab(vm, bridge);
    expect(screen.getByTestId('snapshots-none')).toBeInTheDocument();
    await user.click(screen.getByTestId('snapshot-take'));
    const name = await screen.findByTestId('take-snapshot-name');
    expect(name).toHaveValue('Snapshot 4');
    expect(screen.getByTestId('take-snapshot-disk-only')).toBeDisabled();
    expect(screen.getByTestId('take-snapshot-agent')).toHaveTextContent('no quiesce');
    await user.clear(name);
    await user.type(name, 'before update');
    await user.type(screen.getByTestId('take-snapshot-description'), 'apt upgrade next');
    await user.click(screen.getByTestId('take-snapshot-submit'));
    await waitFor(() =>
      expect(bridge.callsOf('snapshots.take')).toEqual([
        {
          connection: vm.connection,
          uuid: vm.uuid,
          name: 'before update',
          description: 'apt upgrade next',
          memory: true,
        },
      ]),
    );
    expect(await screen.findByTestId('snapshot-job')).toHaveAttribute('data-state', 'running');
    expect(screen.getByTestId('snapshot-take')).toBeDisabled();
    taken = true;
    bridge.emit('job', { ...running, state: 'done', step: 'Done', progress: 1 });
    await waitFor(() => expect(screen.getByTestId('snapshot-job')).toHaveAttribute('data-state', 'done'));
    expect(await screen.findByText('before update')).toBeInTheDocument();
  });

  it('shows a refusal by its field in the dialog (name taken), and starts nothing', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () => listWith(TREE))
      .handle('snapshots.take', () => ({
        code: 'NAME_TAKEN',
        message: 'This guest already has a snapshot named “Snapshot 1”.',
        detail: { field: 'name' },
      }));
    const { user } = await openTab(vm, bridge);
    await user.click(screen.getByTestId('snapshot-take'));
    const name = await screen.findByTestId('take-snapshot-name');
    await user.clear(name);
    await user.type(name, 'Snapshot 1');
    await user.click(screen.getByTestId('take-snapshot-submit'));
    expect(
      await screen.findByText('This guest already has a snapshot named “Snapshot 1”.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('take-snapshot-dialog')).toBeInTheDocument();
    expect(screen.queryByTestId('snapshot-job')).toBeNull();
  });

  it('reverts after the confirmation that unsaved changes are lost; a failed job shows its cause', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const revert = job('Reverting to “Snapshot 1”');
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () => listWith(TREE))
      .handle('snapshots.revert', () => revert);
    const { user } = await openTab(vm, bridge);
    await user.click(within(row('Snapshot 1')).getByTestId('snapshot-revert'));
    const confirm = await screen.findByTestId('snapshot-confirm');
    expect(confirm).toHaveTextContent('Unsaved changes since the snapshot are lost.');
    expect(confirm).toHaveTextContent('resumes exactly where it was');
    expect(bridge.callsOf('snapshots.revert')).toEqual([]);
    await user.click(within(confirm).getByTestId('snapshot-confirm-button'));
    await waitFor(() =>
      expect(bridge.callsOf('snapshots.revert')).toEqual([
        { connection: vm.connection, uuid: vm.uuid, name: 'Snapshot 1' },
      ]),
    );
    bridge.emit('job', {
      ...revert,
      state: 'failed',
      step: 'Failed',
      error: { code: 'LIBVIRT', message: 'operation failed: revert failed: disk locked' },
    });
    await waitFor(() => expect(screen.getByTestId('snapshot-job')).toHaveAttribute('data-state', 'failed'));
    const failed = screen.getByTestId('snapshot-job');
    expect(failed).toHaveTextContent('operation failed: revert failed: disk locked');
    expect(failed).toHaveTextContent('left as they were');
  });

  it('deletes one snapshot (its children kept) or with its children, each confirmed', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () => listWith(TREE, { guestRunning: false }))
      .handle('snapshots.delete', ({ name }) => job(`Deleting “${name}”`));
    const { user } = await openTab(vm, bridge);
    await user.click(within(row('Snapshot 1')).getByTestId('snapshot-delete-menu'));
    await user.click(await screen.findByTestId('snapshot-delete'));
    expect(await screen.findByTestId('snapshot-confirm')).toHaveTextContent('Its 2 later snapshots are kept');
    await user.click(screen.getByTestId('snapshot-confirm-button'));
    await waitFor(() =>
      expect(bridge.callsOf('snapshots.delete')).toEqual([
        { connection: vm.connection, uuid: vm.uuid, name: 'Snapshot 1', children: false },
      ]),
    );
    bridge.emit('job', { ...job('x'), id: 'job-none', state: 'done' });
    // the job still runs: the actions wait for it
    expect(within(row('Snapshot 1')).getByTestId('snapshot-delete-menu')).toBeDisabled();
  });

  it('deletes a subtree after saying how many go', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () => listWith(TREE))
      .handle('snapshots.delete', ({ name }) => job(`Deleting “${name}”`));
    const { user } = await openTab(vm, bridge);
    await user.click(within(row('Snapshot 1')).getByTestId('snapshot-delete-menu'));
    await user.click(await screen.findByTestId('snapshot-delete-children'));
    const confirm = await screen.findByTestId('snapshot-confirm');
    expect(screen.getByText('Delete “Snapshot 1” and its 2 later snapshots?')).toBeInTheDocument();
    expect(within(confirm).getByTestId('snapshot-confirm-button')).toHaveTextContent('Delete 3 snapshots');
    await user.click(within(confirm).getByTestId('snapshot-confirm-button'));
    await waitFor(() =>
      expect(bridge.callsOf('snapshots.delete')).toEqual([
        { connection: vm.connection, uuid: vm.uuid, name: 'Snapshot 1', children: true },
      ]),
    );
  });

  it('edits a description from the keyboard', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('snapshots.list', () => listWith(TREE))
      .handle('snapshots.setDescription', () => undefined);
    const { user } = await openTab(vm, bridge);
    const edit = within(row('Snapshot 1')).getByTestId('snapshot-describe');
    edit.focus();
    await user.keyboard('{Enter}');
    const input = await screen.findByTestId('snapshot-description-input');
    expect(input).toHaveValue('fresh install');
    await user.clear(input);
    await user.type(input, 'clean system');
    await user.click(screen.getByTestId('snapshot-description-save'));
    await waitFor(() =>
      expect(bridge.callsOf('snapshots.setDescription')).toEqual([
        { connection: vm.connection, uuid: vm.uuid, name: 'Snapshot 1', description: 'clean system' },
      ]),
    );
  });

  it('says why a guest cannot have snapshots here, and offers no Take', async () => {
    const vm = guest('win11', { state: 'running', reason: 'booted' });
    const line =
      'This guest needs external snapshots (UEFI guest), which KVM Desk makes only for guests of this machine’s system libvirt: it copies the NVRAM and TPM state itself.';
    const bridge = bridgeWith([vm]).handle('snapshots.list', () =>
      listWith([], { count: 0, mechanism: { kind: 'external', supported: false, line } }),
    );
    await openTab(vm, bridge);
    expect(screen.getByTestId('snapshots-mechanism')).toHaveTextContent(line);
    expect(screen.getByTestId('snapshot-take')).toBeDisabled();
  });

  it('reads the tree again when another window changes it', async () => {
    const vm = guest('web');
    let n = 0;
    const bridge = bridgeWith([vm]).handle('snapshots.list', () => {
      n++;
      return listWith(TREE);
    });
    await openTab(vm, bridge);
    const before = n;
    bridge.emit('vm.snapshots', { connection: vm.connection, uuid: vm.uuid });
    bridge.emit('vm.snapshots', { connection: vm.connection, uuid: 'another-guest' });
    await waitFor(() => expect(n).toBe(before + 1));
  });
});
