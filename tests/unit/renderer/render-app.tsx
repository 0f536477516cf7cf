// Renders the whole main window over a fake bridge, as a user would see it.
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/app/App';
import type { FakeBridge } from './fake-bridge';

/** `hash`: the URL's route the window starts from (kept in memory, never in jsdom's location) */
export async function renderApp(bridge: FakeBridge, options: { waitForRow?: string; hash?: string } = {}) {
  const user = userEvent.setup();
  const view = render(<App bridge={bridge} env="test" hash={options.hash ?? ''} />);
  if (options.waitForRow) await screen.findByTestId(`vm-${options.waitForRow}`);
  return { user, ...view };
}
