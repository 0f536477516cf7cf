// @vitest-environment jsdom
import '../renderer/dom';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../../../renderer/app/AppProviders';
import { createGuestStore } from '../../../renderer/app/store';
import { ConsoleView } from '../../../renderer/features/console/ConsoleView';
import type { RfbLike } from '../../../renderer/features/console/console-controller';
import { FakeBridge, guest } from '../renderer/fake-bridge';

/** noVNC's part here: a canvas in the screen that takes the focus and, like noVNC, stops its keys */
class CanvasRfb extends EventTarget implements RfbLike {
  readonly canvas = document.createElement('canvas');
  readonly sent: string[] = [];
  constructor(target: HTMLElement) {
    super();
    this.canvas.tabIndex = -1;
    target.appendChild(this.canvas);
    for (const type of ['keydown', 'keyup'] as const)
      this.canvas.addEventListener(type, (e) => {
        this.sent.push(`${type === 'keydown' ? '+' : '-'}${e.code}`);
        e.stopPropagation();
        e.preventDefault();
      });
  }
  focus() {
    this.canvas.focus();
  }
  disconnect() {}
  sendCredentials() {}
}

async function connectedConsole() {
  const rfbs: CanvasRfb[] = [];
  const bridge = new FakeBridge().handle('console.open', () => ({ url: 'ws://127.0.0.1:1/console?token=t' }));
  const vm = guest('keys', { state: 'running', hasConsole: true });
  render(
    <AppProviders bridge={bridge} store={createGuestStore()} env="test">
      <ConsoleView
        guest={{ connection: vm.connection, uuid: vm.uuid }}
        vm={vm}
        variant="pane"
        createRfb={(target) => {
          const r = new CanvasRfb(target);
          rfbs.push(r);
          return r;
        }}
      />
    </AppProviders>,
  );
  await waitFor(() => expect(rfbs).toHaveLength(1));
  act(() => {
    rfbs[0].dispatchEvent(new Event('connect'));
  });
  await waitFor(() => expect(screen.getByTestId('console')).toHaveAttribute('data-state', 'connected'));
  return rfbs[0];
}

const key = (el: Element, type: 'keyDown' | 'keyUp', code: string, k: string) =>
  fireEvent[type](el, { code, key: k });

describe('the console by keyboard', () => {
  it('Enter on the screen gives the guest the keyboard; Ctrl+Alt alone gives it back to the toolbar', async () => {
    const rfb = await connectedConsole();
    const area = screen.getByRole('application', { name: 'Screen of keys' });
    expect(area).toHaveAttribute('tabindex', '0');
    const hint = screen.getByTestId('console-grab-hint');
    expect(hint).toHaveTextContent('');
    expect(screen.getByTestId('console-keyboard-hint')).toHaveTextContent(
      /Ctrl\+Alt to release the keyboard/,
    );

    area.focus();
    key(area, 'keyDown', 'Enter', 'Enter');
    expect(document.activeElement).toBe(rfb.canvas);
    await waitFor(() => expect(hint).toHaveTextContent('Press Ctrl+Alt to release the keyboard.'));

    // a chord with another key is the guest's
    for (const [t, c, k] of [
      ['keyDown', 'ControlLeft', 'Control'],
      ['keyDown', 'AltLeft', 'Alt'],
      ['keyDown', 'Delete', 'Delete'],
      ['keyUp', 'Delete', 'Delete'],
      ['keyUp', 'AltLeft', 'Alt'],
      ['keyUp', 'ControlLeft', 'Control'],
    ] as const)
      key(rfb.canvas, t, c, k);
    expect(document.activeElement).toBe(rfb.canvas);

    key(rfb.canvas, 'keyDown', 'ControlLeft', 'Control');
    key(rfb.canvas, 'keyDown', 'AltLeft', 'Alt');
    key(rfb.canvas, 'keyUp', 'AltLeft', 'Alt');
    expect(document.activeElement).toBe(rfb.canvas); // Ctrl is still down
    key(rfb.canvas, 'keyUp', 'ControlLeft', 'Control');
    expect(document.activeElement).toBe(screen.getByTestId('console-keys'));
    await waitFor(() => expect(hint).toHaveTextContent(''));
    // the guest got every release: nothing stays held
    expect(rfb.sent.slice(-4)).toEqual(['+ControlLeft', '+AltLeft', '-AltLeft', '-ControlLeft']);
  });
});
