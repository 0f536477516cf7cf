// The creation wizard rendered against the fake host, and the steps a test clicks through to its summary.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, vi } from 'vitest';
import { CreateWizard } from '../../../renderer/features/create-wizard/CreateWizard';
import { type FakeHost, renderWithHost } from './fake-host';
export const CONN = 'test:///default';

export function openWizard(host: FakeHost, props: Partial<Parameters<typeof CreateWizard>[0]> = {}) {
  const onClose = vi.fn();
  renderWithHost(<CreateWizard opened onClose={onClose} connection={CONN} {...props} />, host);
  return { onClose, user: userEvent.setup() };
}

export const next = () => screen.getByTestId('wizard-next');
export const pathInput = () => screen.getByLabelText(/ISO image/) as HTMLInputElement;

export async function toSummary(user: ReturnType<typeof userEvent.setup>, path = '/isos/debian.iso') {
  await user.type(pathInput(), path);
  await waitFor(() => expect(next()).toBeEnabled());
  await user.click(next());
  await screen.findByText(/Detected: Debian 12/);
  await user.click(next());
  await waitFor(() => expect(screen.getByTestId('wizard-step-resources')).toBeInTheDocument());
  await waitFor(() => expect(next()).toBeEnabled());
  await user.click(next());
  await screen.findByTestId('wizard-step-summary');
}
