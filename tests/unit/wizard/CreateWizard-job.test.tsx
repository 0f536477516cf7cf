// @vitest-environment jsdom
// The creation wizard's job: its steps as they come, cancel, failures before and after create.start.
import { act, cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreateVmSpec, Job } from '../../../preload/contract';
import { FakeHost, polyfillBrowser } from './fake-host';
import { CONN, openWizard as open, toSummary } from './wizard-ui';

beforeAll(polyfillBrowser);
// the wizard debounces validation and detection; a busy CI machine needs more than the default second
configure({ asyncUtilTimeout: 5000 });
// typing key by key through user-event is slow on a busy 2-core machine
vi.setConfig({ testTimeout: 30_000 });
afterEach(cleanup);

describe('creation wizard: the create job', () => {
  it('creates: shows the job steps as they come, then reports the new guest', async () => {
    const host = new FakeHost();
    const onCreated = vi.fn();
    const { user } = open(host, { onCreated });
    await toSummary(user);
    await user.click(screen.getByRole('radio', { name: 'UEFI' }));
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));

    expect(await screen.findByText('Allocating the disk')).toBeInTheDocument();
    const spec = host.callsOf('create.start')[0] as CreateVmSpec;
    expect(spec).toMatchObject({
      name: 'debian12-2026-11-27',
      osId: 'debian12',
      source: { kind: 'iso', path: '/isos/debian.iso' },
      firmware: 'uefi',
      startAfterCreate: true,
    });
    const job: Job = {
      id: 'job-1',
      title: 'Creating the guest',
      step: 'Defining the guest',
      state: 'running',
      progress: 0.6,
    };
    act(() => host.emit('job', job));
    act(() => host.emit('job', { ...job, step: 'Starting the guest', progress: 0.9 }));
    const steps = screen.getAllByTestId('job-step');
    expect(steps.map((s) => [s.textContent, s.dataset.status])).toEqual([
      ['Allocating the disk', 'done'],
      ['Defining the guest', 'done'],
      ['Starting the guest', 'running'],
    ]);
    act(() =>
      host.emit('job', {
        ...job,
        step: 'Starting the guest',
        state: 'done',
        result: { connection: CONN, uuid: 'u1' },
      }),
    );
    expect(await screen.findByTestId('create-done')).toBeInTheDocument();
    expect(onCreated).toHaveBeenCalledWith({ connection: CONN, uuid: 'u1' }, { customise: false });
  });

  it('cancels a running job, and shows the cause when a job fails', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await toSummary(user);
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));
    await user.click(await screen.findByTestId('cancel-job'));
    expect(host.callsOf('jobs.cancel')).toEqual([{ id: 'job-1' }]);
    act(() =>
      host.emit('job', {
        id: 'job-1',
        title: 'Creating the guest',
        step: 'Allocating the disk',
        state: 'failed',
        error: { code: 'LIBVIRT', message: 'No space left on device in pool “tiny”.' },
      }),
    );
    const failed = await screen.findByTestId('create-failed');
    expect(failed).toHaveTextContent('No space left on device in pool “tiny”.');
    expect(screen.getByTestId('job-step').dataset.status).toBe('failed');
    await user.click(screen.getByTestId('back-to-summary'));
    expect(await screen.findByTestId('wizard-step-summary')).toBeInTheDocument();
  });

  it('shows why create.start refused before any job ran', async () => {
    const host = new FakeHost();
    host.handle('create.start', () => ({
      code: 'NETWORK_INACTIVE',
      message: "network 'default' is not active",
      detail: { network: 'default' },
    }));
    const { user } = open(host);
    await toSummary(user);
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    fireEvent.click(screen.getByTestId('wizard-create'));
    expect(await screen.findByTestId('create-failed')).toHaveTextContent("network 'default' is not active");
  });

  it('shows the end of a job that fails right after create.start answers', async () => {
    const host = new FakeHost();
    const job: Job = {
      id: 'job-9',
      title: 'Creating',
      step: 'Checking the settings against the host',
      state: 'running',
    };
    host.handle('create.start', () => {
      // the failure event follows the answer at once, before React has rendered the progress view
      setTimeout(() =>
        host.emit('job', {
          ...job,
          step: 'Failed',
          state: 'failed',
          error: { code: 'INVALID_INPUT', message: 'The pool is full.' },
        }),
      );
      return job;
    });
    const { user } = open(host);
    await toSummary(user);
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));
    expect(await screen.findByTestId('create-failed')).toHaveTextContent('The pool is full.');
    expect(screen.getByTestId('job-step')).toHaveTextContent('Checking the settings against the host');
  });
});
