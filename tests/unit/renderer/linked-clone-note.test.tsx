// @vitest-environment jsdom
// The details header's linked-clone lines: a clone names its base and makes itself independent through
// the job (shut off only); the base names its linked clones and why it cannot start.
import './dom';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Job } from '../../../preload/contract';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const JOB: Job = {
  id: 'job-ind',
  title: 'Making “web-clone” independent',
  step: 'Starting',
  state: 'running',
};

function setup(state: 'shutoff' | 'running' = 'shutoff') {
  const base = guest('web');
  const clone = guest('web-clone', {
    state,
    reason: state === 'running' ? 'booted' : 'shutdown',
    linkedCloneOf: { uuid: base.uuid, name: 'web' },
  });
  const other = guest('web-clone-2', { linkedCloneOf: { uuid: base.uuid, name: 'web' } });
  const bridge = bridgeWith([base, clone, other]).handle('vms.makeIndependent', () => JOB);
  return { base, clone, bridge };
}

describe('linked clones in the details header', () => {
  it('names the base’s linked clones and why it cannot be started', async () => {
    const { bridge } = setup();
    const app = await renderApp(bridge, { waitForRow: 'web' });
    await app.user.click(screen.getByTestId('vm-web'));
    const note = await screen.findByTestId('linked-clone-base');
    expect(note).toHaveTextContent('Base of 2 linked clones (web-clone, web-clone-2)');
    expect(note).toHaveTextContent('cannot be started or deleted');
    expect(screen.queryByTestId('make-independent')).toBeNull();
  });

  it('makes a shut-off clone independent through the job, and shows its end', async () => {
    const { clone, bridge } = setup();
    const app = await renderApp(bridge, { waitForRow: 'web-clone' });
    await app.user.click(screen.getByTestId('vm-web-clone'));
    expect(await screen.findByTestId('linked-clone-of')).toHaveTextContent('Linked clone of “web”');
    await app.user.click(screen.getByTestId('make-independent'));
    const dialog = await screen.findByTestId('make-independent-dialog');
    expect(dialog).toHaveTextContent('copied in full');
    await app.user.click(within(dialog).getByTestId('make-independent-confirm'));
    expect(bridge.callsOf('vms.makeIndependent')).toEqual([
      { connection: clone.connection, uuid: clone.uuid },
    ]);
    act(() => bridge.emit('job', { ...JOB, step: 'Copying vda with its base’s data', progress: 0.5 }));
    expect(await within(dialog).findByTestId('make-independent-job')).toHaveTextContent('Copying vda');
    act(() => bridge.emit('job', { ...JOB, state: 'done', step: 'Done', progress: 1 }));
    expect(within(dialog).getByTestId('make-independent-job')).toHaveAttribute('data-state', 'done');
    expect(dialog).toHaveTextContent('stands on its own disks now');
  });

  it('disables Make independent while the clone runs, saying why', async () => {
    const { bridge } = setup('running');
    const app = await renderApp(bridge, { waitForRow: 'web-clone' });
    await app.user.click(screen.getByTestId('vm-web-clone'));
    const button = await screen.findByTestId('make-independent');
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', expect.stringContaining('Shut it down first'));
  });
});
