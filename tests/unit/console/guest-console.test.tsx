// @vitest-environment jsdom
// The console pane chooses what to show from the consoles the guest has (console.devices).
import '../renderer/dom';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../../renderer/app/AppProviders';
import { createGuestStore } from '../../../renderer/app/store';
import { ConsolePane } from '../../../renderer/features/console/ConsolePane';
import { FakeBridge, guest } from '../renderer/fake-bridge';

function wrap(bridge: FakeBridge, ui: React.ReactNode) {
  return render(
    <AppProviders bridge={bridge} store={createGuestStore()} env="test">
      {ui}
    </AppProviders>,
  );
}

describe('the console pane', () => {
  it('says a guest with no display and no serial console has neither, and how to add one', async () => {
    const bridge = new FakeBridge().handle('console.devices', () => ({ graphics: [], serial: false }));
    const vm = guest('headless', { state: 'running', hasConsole: false });
    wrap(bridge, <ConsolePane vm={vm} />);
    const none = await screen.findByTestId('console-none');
    expect(none).toHaveTextContent('This guest has no display.');
    expect(none).toHaveTextContent(
      'It has no display and no serial console; add one with virt-manager or virt-xml headless --add-device --graphics vnc.',
    );
    expect(screen.getByTestId('console')).toHaveAttribute('data-state', 'none');
    expect(screen.queryByText('Reconnecting by itself…')).toBeNull();
    expect(bridge.callsOf('console.open')).toEqual([]);
  });

  it('shows the screen of a guest with a display at once, and offers its serial console', async () => {
    const bridge = new FakeBridge()
      .handle('console.devices', () => ({ graphics: ['vnc'], serial: true }))
      .handle('console.open', () => ({ code: 'NOT_FOUND', message: 'nope' }));
    const vm = guest('both', { state: 'shutoff', hasConsole: true });
    wrap(bridge, <ConsolePane vm={vm} />);
    expect(screen.getByTestId('console')).toHaveAttribute('data-state', 'off');
    await waitFor(() => expect(screen.getByTestId('console-kind')).toBeVisible());
    expect(screen.getByTestId('console-kind')).toHaveTextContent('ScreenSerial console');
  });
});
