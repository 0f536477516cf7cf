// @vitest-environment jsdom
import '../renderer/dom';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../../../renderer/app/AppProviders';
import { createGuestStore } from '../../../renderer/app/store';
import { ConsolePane } from '../../../renderer/features/console/ConsolePane';
import { ConsoleView } from '../../../renderer/features/console/ConsoleView';
import type { RfbLike } from '../../../renderer/features/console/console-controller';
import { GuestThumbnail } from '../../../renderer/features/console/GuestThumbnail';
import { FakeBridge, guest } from '../renderer/fake-bridge';

function wrap(bridge: FakeBridge, ui: React.ReactNode) {
  return render(
    <AppProviders bridge={bridge} store={createGuestStore()} env="test">
      {ui}
    </AppProviders>,
  );
}

describe('the embedded console', () => {
  it('shows a Start button where the console was while the guest is off', async () => {
    const bridge = new FakeBridge().handle('vms.start', () => undefined);
    const vm = guest('off-guest', { state: 'shutoff', hasConsole: true });
    wrap(bridge, <ConsolePane vm={vm} />);
    expect(screen.getByTestId('console')).toHaveAttribute('data-state', 'off');
    expect(screen.getByText('The guest is off.')).toBeVisible();
    expect(screen.getByTestId('console-keys')).toBeDisabled();
    await userEvent.click(screen.getByTestId('console-start'));
    expect(bridge.callsOf('vms.start')).toEqual([{ connection: vm.connection, uuid: vm.uuid }]);
    expect(bridge.callsOf('console.open')).toEqual([]);
    expect(screen.getByTestId('console-keyboard-hint')).toHaveTextContent(/release the keyboard/);
  });

  it('says why it cannot connect to a running guest', async () => {
    const bridge = new FakeBridge().handle('console.open', () => ({
      code: 'NOT_FOUND',
      message: "This guest's display is SPICE; KVM Desk's console needs a VNC display.",
    }));
    const vm = guest('spice-guest', { state: 'running', hasConsole: true });
    wrap(bridge, <ConsolePane vm={vm} />);
    expect(await screen.findByTestId('console-reason')).toHaveTextContent(/SPICE/);
    expect(screen.getByTestId('console')).toHaveAttribute('data-state', 'disconnected');
  });
});

/** What ConsoleView sets on noVNC's RFB for scaling. */
class ScaleRfb extends EventTarget implements RfbLike {
  scaleViewport = false;
  resizeSession = false;
  clipViewport = true;
  disconnect() {}
  sendCredentials() {}
  focus() {}
}

describe('console scaling', () => {
  it("sets noVNC's scaleViewport for fit, resizeSession for Resize guest, and neither for 1:1", async () => {
    localStorage.clear();
    const rfbs: ScaleRfb[] = [];
    const createRfb = () => {
      const r = new ScaleRfb();
      rfbs.push(r);
      return r;
    };
    const bridge = new FakeBridge().handle('console.open', () => ({
      url: 'ws://127.0.0.1:1/console?token=t',
    }));
    const vm = guest('scaled', { state: 'running', hasConsole: true });
    wrap(
      bridge,
      <ConsoleView
        guest={{ connection: vm.connection, uuid: vm.uuid }}
        vm={vm}
        variant="pane"
        createRfb={createRfb}
      />,
    );
    await waitFor(() => expect(rfbs).toHaveLength(1));
    const rfb = rfbs[0];
    const mode = () => ({ fit: rfb.scaleViewport, remote: rfb.resizeSession, clip: rfb.clipViewport });
    await waitFor(() => expect(mode()).toEqual({ fit: true, remote: false, clip: false })); // the default
    await userEvent.click(screen.getByText('Resize guest'));
    await waitFor(() => expect(mode()).toEqual({ fit: false, remote: true, clip: false }));
    expect(screen.getByTestId('console-scale')).toHaveAttribute('data-value', 'remote');
    await userEvent.click(screen.getByText('1:1'));
    await waitFor(() => expect(mode()).toEqual({ fit: false, remote: false, clip: false }));
    await userEvent.click(screen.getByText('Fit to window'));
    await waitFor(() => expect(mode()).toEqual({ fit: true, remote: false, clip: false }));
    expect(localStorage.getItem('kvmdesk.console.scale.pane')).toBe('fit');
  });
});

describe('guest thumbnails', () => {
  it('refresh at most every 5 s, only while on screen', async () => {
    // Fake timers that also follow real time (waitFor/findBy poll on real time): each assertion waits
    // for what it asserts, and the 5 s spacing is checked on the fake clock's own timestamps, so a slow
    // machine (real time passing between two steps moves the fake clock too) cannot make it fail.
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let visible: (v: boolean) => void = () => {};
    class FakeObserver {
      constructor(cb: (e: { isIntersecting: boolean }[]) => void) {
        visible = (v) => cb([{ isIntersecting: v }]);
      }
      observe() {}
      disconnect() {}
    }
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    const askedAt: number[] = []; // fake-clock time of each screenshot call
    const bridge = new FakeBridge().handle('vms.screenshot', () => {
      askedAt.push(Date.now());
      return { pngBase64: 'iVBORw0KGgo=' };
    });
    const vm = guest('thumb', { state: 'running', hasConsole: true });
    try {
      wrap(bridge, <GuestThumbnail vm={vm} />);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(6000);
      });
      expect(askedAt).toHaveLength(0); // not on screen yet
      act(() => visible(true));
      // the picture lands after the call answers: wait for the picture itself
      expect(await screen.findByRole('img')).toHaveAttribute('src', 'data:image/png;base64,iVBORw0KGgo=');
      expect(screen.getByTestId('guest-thumbnail')).toHaveAttribute('data-live', 'true');
      expect(askedAt).toHaveLength(1);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(6000);
      });
      await waitFor(() => expect(askedAt.length).toBeGreaterThanOrEqual(2)); // it refreshes...
      for (let i = 1; i < askedAt.length; i++)
        expect(askedAt[i] - askedAt[i - 1]).toBeGreaterThanOrEqual(5000); // ...at most every 5 s
      act(() => visible(false));
      const seen = askedAt.length;
      await act(async () => {
        await vi.advanceTimersByTimeAsync(20_000);
      });
      expect(askedAt).toHaveLength(seen); // off screen: no more calls
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });

  it('show nothing live for a guest that is off', () => {
    const bridge = new FakeBridge();
    wrap(bridge, <GuestThumbnail vm={guest('off', { state: 'shutoff', hasConsole: true })} />);
    expect(screen.getByTestId('guest-thumbnail')).toHaveAttribute('data-live', 'false');
    expect(screen.queryByRole('img')).toBeNull();
  });
});
