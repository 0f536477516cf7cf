// A guest's serial console in a terminal (xterm.js): what the guest prints over its serial port shows
// here, and what is typed into the terminal goes to the guest. States over it like the screen's: guest
// off with a Start button, connecting, disconnected with the reason.
import '@xterm/xterm/css/xterm.css';
import { Alert, Box, Stack, Text } from '@mantine/core';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useId, useRef, useState } from 'react';
import type { VmRef, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { ConsoleStatusOverlay } from './ConsoleStatus';
import { KeyboardHint } from './KeyboardHint';
import { RELEASE_KEY_LABEL } from './release-key';
import { SerialController, type SerialStatus } from './serial-controller';
import { useKeyboardGrab } from './useKeyboardGrab';

export function SerialConsole({
  guest,
  vm,
  variant,
  note,
}: {
  guest: VmRef;
  vm: VmSummary | undefined;
  variant: 'pane' | 'window';
  /** why this is not the guest's screen ("This guest has no display: …") */
  note?: string;
}) {
  const bridge = useBridge();
  const { connection, uuid } = guest;
  const hostRef = useRef<HTMLDivElement>(null);
  const controller = useRef<SerialController | null>(null);
  const termRef = useRef<Terminal | null>(null);
  const hintId = useId();
  const [status, setStatus] = useState<SerialStatus>({ kind: 'off' });
  const [message, setMessage] = useState<string | null>(null);

  const guestState = useRef(vm?.state);
  guestState.current = vm?.state;
  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({
      cursorBlink: true,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace',
      fontSize: 14,
      scrollback: 5000,
      theme: { background: '#1a1b1e' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host);
    // Tab passes the terminal by: its area is the Tab stop, Enter on it enters (useKeyboardGrab)
    if (term.textarea) term.textarea.tabIndex = -1;
    termRef.current = term;
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // not laid out yet (hidden): the next resize fits it
      }
    };
    refit();
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(refit);
    resize?.observe(host);
    const c = new SerialController(bridge, { connection, uuid }, (bytes) => term.write(bytes), setStatus);
    const typed = term.onData((d) => c.send(d));
    const binary = term.onBinary((d) => c.send(Uint8Array.from(d, (ch) => ch.charCodeAt(0) & 0xff)));
    controller.current = c;
    c.setGuestState(guestState.current);
    return () => {
      c.dispose();
      controller.current = null;
      typed.dispose();
      binary.dispose();
      resize?.disconnect();
      term.dispose();
      termRef.current = null;
    };
  }, [bridge, connection, uuid]);

  useEffect(() => {
    controller.current?.setGuestState(vm?.state);
  }, [vm?.state]);

  const startGuest = async () => {
    const res = await bridge.call('vms.start', guest);
    setMessage(res.ok ? null : res.error.message);
  };

  const connected = status.kind === 'connected';
  const { grabbed, onAreaKeyDown } = useKeyboardGrab({
    area: hostRef,
    isGuestKeys: (el) => el instanceof HTMLTextAreaElement && el.classList.contains('xterm-helper-textarea'),
    enter: connected ? () => termRef.current?.focus() : undefined,
    releaseTo: () => null, // the terminal's area: Tab goes on from there, Enter goes back in
  });

  return (
    <Stack
      gap="xs"
      h="100%"
      data-testid="console"
      data-kind="serial"
      data-state={status.kind}
      data-guest={vm?.name ?? uuid}
    >
      {note && (
        <Text size="sm" data-testid="console-serial-note">
          {note}
        </Text>
      )}
      {message && (
        <Alert color="red" withCloseButton onClose={() => setMessage(null)} data-testid="console-message">
          {message}
        </Alert>
      )}
      <Box
        pos="relative"
        style={{
          flex: 1,
          minHeight: variant === 'pane' ? 360 : 200,
          background: '#1a1b1e',
          borderRadius: 4,
          padding: 4,
        }}
      >
        <div
          ref={hostRef}
          data-testid="console-terminal"
          className="kd-console-screen"
          data-grabbed={grabbed || undefined}
          role="application"
          tabIndex={connected ? 0 : -1}
          aria-label={`Serial console of ${vm?.name ?? uuid}`}
          aria-describedby={hintId}
          onKeyDown={onAreaKeyDown}
          style={{ position: 'absolute', inset: 4, visibility: status.kind === 'off' ? 'hidden' : 'visible' }}
        />
        <ConsoleStatusOverlay
          status={status}
          connectingText="Connecting to the guest's serial console…"
          reconnectLabel="Take it over now"
          onStart={startGuest}
          onReconnect={() => controller.current?.connectNow(true)}
        />
      </Box>
      <KeyboardHint
        id={hintId}
        grabbed={grabbed}
        idle={`Click the terminal, or press Enter on it, to type into the guest's serial console, and ${RELEASE_KEY_LABEL} to release the keyboard.`}
      />
    </Stack>
  );
}
