// @vitest-environment jsdom
import './dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../preload/contract';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const JOB: Job = {
  id: 'job-1',
  title: 'Cloning “web” as “web-clone-2” (a linked clone)',
  step: 'Starting',
  state: 'running',
};

function setup(state: 'shutoff' | 'running' = 'shutoff') {
  const vm = guest('web', { state, reason: state === 'running' ? 'booted' : 'shutdown' });
  const taken = guest('web-clone');
  const bridge = bridgeWith([vm, taken]).handle('vms.clone', () => JOB);
  return { vm, bridge };
}

describe('cloning a guest', () => {
  it('offers the next free NAME-clone, checks a typed name, starts a linked clone and selects it at the end', async () => {
    const { vm, bridge } = setup();
    const app = await renderApp(bridge, { waitForRow: 'web' });
    await app.user.click(screen.getByTestId('vm-web'));
    await app.user.click(await screen.findByTestId('details-clone'));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByTestId('clone-name');
    expect(name).toHaveValue('web-clone-2');
    await app.user.clear(name);
    await app.user.type(name, 'web-clone');
    expect(dialog).toHaveTextContent('A guest named "web-clone" already exists.');
    expect(within(dialog).getByTestId('clone-start')).toBeDisabled();
    await app.user.clear(name);
    await app.user.type(name, 'web-clone-2');
    await app.user.click(within(dialog).getByTestId('clone-start'));
    expect(bridge.callsOf('vms.clone')).toEqual([
      { connection: vm.connection, uuid: vm.uuid, name: 'web-clone-2', mode: 'linked' },
    ]);
    await within(dialog).findByTestId('clone-progress');
    act(() => bridge.emit('job', { ...JOB, step: 'Making vda’s overlay on /images/web.qcow2' }));
    expect(within(dialog).getByTestId('clone-step')).toHaveTextContent('Making vda’s overlay');
    const clone = guest('web-clone-2');
    act(() => {
      bridge.emit('vm.changed', clone);
      bridge.emit('job', { ...JOB, state: 'done', step: 'Done', progress: 1, result: clone });
    });
    await within(dialog).findByTestId('clone-done');
    await waitFor(() => expect(screen.getByTestId('details-name')).toHaveTextContent('web-clone-2'));
  });

  it('offers a running guest a full copy with it paused for the copy; Linked is refused with the reason', async () => {
    const { vm, bridge } = setup('running');
    const app = await renderApp(bridge, { waitForRow: 'web' });
    await app.user.click(screen.getByTestId('vm-web'));
    await app.user.click(await screen.findByTestId('details-clone'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('clone-linked')).toBeDisabled();
    expect(dialog).toHaveTextContent('a running guest keeps writing to the disks a linked clone reads');
    expect(within(dialog).getByTestId('clone-full')).toBeChecked();
    const pause = within(dialog).getByRole('checkbox', {
      name: 'Pause “web” during the copy and resume it after',
    });
    expect(pause).toBeChecked();
    // without the pause there is no copy: the disks would change under it
    await app.user.click(pause);
    expect(within(dialog).getByTestId('clone-start')).toBeDisabled();
    expect(dialog).toHaveTextContent('let KVM Desk pause it, or shut it down first');
    await app.user.click(pause);
    await app.user.click(within(dialog).getByTestId('clone-start'));
    expect(bridge.callsOf('vms.clone')).toEqual([
      { connection: vm.connection, uuid: vm.uuid, name: 'web-clone-2', mode: 'full', pauseSource: true },
    ]);
  });
});
