// One guest's console: toolbar, the noVNC screen, and plain states over it (guest off with a Start
// button, connecting, disconnected with the reason). Used by the guest's pane and the console window.
import { Alert, Badge, Box, Button, PasswordInput, Stack } from '@mantine/core';
import RFB from '@novnc/novnc';
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { VmRef, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { ConsoleStatusOverlay } from './ConsoleStatus';
import { ConsoleToolbar, type ScaleMode } from './ConsoleToolbar';
import { ConsoleController, type ConsoleStatus, type CreateRfb, type RfbLike } from './console-controller';
import { openConsoleWindow } from './console-window';
import { KeyboardHint } from './KeyboardHint';
import { sendCombo } from './keys';
import { RELEASE_KEY_LABEL } from './release-key';
import { saveScreenshot } from './screenshot';
import { TypeClipboardModal } from './TypeClipboardModal';
import { toolbarButton, useKeyboardGrab } from './useKeyboardGrab';

const defaultCreateRfb: CreateRfb = (screen, url) => {
  const rfb = new RFB(screen, url);
  rfb.background = 'var(--mantine-color-dark-8, #1a1b1e)';
  return rfb;
};

function applyScale(rfb: RfbLike | undefined, scale: ScaleMode) {
  if (!rfb) return;
  const r = rfb as unknown as RFB;
  r.scaleViewport = scale === 'fit';
  r.resizeSession = scale === 'remote';
  r.clipViewport = false; // 1:1 larger than the view: noVNC's screen scrolls
}

const SCALE_KEY = 'kvmdesk.console.scale';

export function ConsoleView({
  guest,
  vm,
  variant,
  createRfb = defaultCreateRfb,
}: {
  guest: VmRef;
  vm: VmSummary | undefined;
  variant: 'pane' | 'window';
  createRfb?: CreateRfb;
}) {
  const bridge = useBridge();
  const { connection, uuid } = guest;
  const screenRef = useRef<HTMLDivElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const hintId = useId();
  const controller = useRef<ConsoleController | null>(null);
  const [status, setStatus] = useState<ConsoleStatus>({ kind: 'off' });
  const [rfb, setRfb] = useState<RfbLike | undefined>();
  const [scale, setScale] = useState<ScaleMode>(
    () => (localStorage.getItem(`${SCALE_KEY}.${variant}`) as ScaleMode | null) ?? 'fit',
  );
  const [typing, setTyping] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [password, setPassword] = useState('');

  // one controller per guest for the life of the view; it learns the guest's state from the store
  const guestState = useRef(vm?.state);
  guestState.current = vm?.state;
  useEffect(() => {
    const c = new ConsoleController(bridge, { connection, uuid }, screenRef.current!, createRfb, (s, r) => {
      setStatus(s);
      setRfb(r);
    });
    controller.current = c;
    c.setGuestState(guestState.current);
    return () => {
      c.dispose();
      controller.current = null;
    };
  }, [bridge, connection, uuid, createRfb]);

  useEffect(() => {
    controller.current?.setGuestState(vm?.state);
  }, [vm?.state]);

  useEffect(() => {
    applyScale(rfb, scale);
    localStorage.setItem(`${SCALE_KEY}.${variant}`, scale);
  }, [rfb, scale, variant]);

  // The console window takes the guest's resolution once, when noVNC has connected (its size is known).
  const sized = useRef(false);
  useEffect(() => {
    if (variant !== 'window' || status.kind !== 'connected' || sized.current) return;
    sized.current = true;
    fitWindowToGuest(screenRef.current, frameRef.current);
  }, [variant, status.kind]);

  const startGuest = async () => {
    const res = await bridge.call('vms.start', guest);
    setMessage(res.ok ? null : res.error.message);
  };

  const fullscreen = () => {
    const el = frameRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else
      void el.requestFullscreen?.().catch((e: Error) => setMessage(`Fullscreen was refused: ${e.message}`));
  };

  const openWindow = useCallback(async () => {
    setMessage((await openConsoleWindow(bridge, guest)) ?? null);
  }, [bridge, guest]);

  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    controller.current?.sendPassword(password);
    setPassword('');
  };

  const connected = status.kind === 'connected';
  const name = vm?.name ?? guest.uuid;
  const liveRfb = connected ? (rfb as unknown as RFB | undefined) : undefined;
  const { grabbed, onAreaKeyDown } = useKeyboardGrab({
    area: screenRef,
    isGuestKeys: (el) => el instanceof HTMLCanvasElement,
    enter: liveRfb && (() => liveRfb.focus()),
    releaseTo: () => toolbarButton(toolbarRef.current),
  });

  // the console window says it in its title too while the guest has the keyboard, as virt-viewer does
  useEffect(() => {
    if (variant !== 'window') return;
    const prefix = `(Press ${RELEASE_KEY_LABEL} to release the keyboard) `;
    const base = document.title.startsWith(prefix) ? document.title.slice(prefix.length) : document.title;
    document.title = grabbed ? prefix + base : base;
  }, [grabbed, variant]);

  return (
    <Stack gap="xs" h="100%" data-testid="console" data-state={status.kind} data-guest={name}>
      <ConsoleToolbar
        ref={toolbarRef}
        connected={connected}
        scale={scale}
        onScale={setScale}
        onCombo={(c) => {
          if (rfb) sendCombo(rfb as unknown as RFB, c.keys);
          (rfb as unknown as RFB | undefined)?.focus();
        }}
        onTypeText={() => setTyping(true)}
        onScreenshot={() => rfb && saveScreenshot(rfb as unknown as RFB, name)}
        onFullscreen={fullscreen}
        onOpenWindow={variant === 'pane' ? openWindow : undefined}
      />
      {message && (
        <Alert color="red" withCloseButton onClose={() => setMessage(null)} data-testid="console-message">
          {message}
        </Alert>
      )}
      <Box
        ref={frameRef}
        pos="relative"
        style={{ flex: 1, minHeight: variant === 'pane' ? 240 : 200, background: '#1a1b1e', borderRadius: 4 }}
      >
        {/* in the Tab order while connected; Enter or Space on it gives the guest the keyboard */}
        <div
          ref={screenRef}
          data-testid="console-screen"
          className="kd-console-screen"
          data-grabbed={grabbed || undefined}
          role="application"
          tabIndex={connected ? 0 : -1}
          aria-label={`Screen of ${name}`}
          aria-describedby={hintId}
          onKeyDown={onAreaKeyDown}
          style={{ position: 'absolute', inset: 0, visibility: status.kind === 'off' ? 'hidden' : 'visible' }}
        />
        <ConsoleStatusOverlay
          status={status}
          connectingText="Connecting to the guest's display…"
          reconnectLabel="Reconnect now"
          onStart={startGuest}
          onReconnect={() => controller.current?.connectNow()}
        />
        {status.kind === 'password' && (
          <Box pos="absolute" top="30%" left="50%" style={{ transform: 'translateX(-50%)', width: 320 }}>
            <form onSubmit={submitPassword}>
              <Stack gap="xs" p="md" bg="var(--mantine-color-body)" style={{ borderRadius: 8 }}>
                <PasswordInput
                  label="This guest's display asks for a password"
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  autoFocus
                />
                <Button type="submit">Connect</Button>
              </Stack>
            </form>
          </Box>
        )}
        {vm?.state === 'paused' && connected && (
          <Badge pos="absolute" top={8} right={8} color="yellow">
            Paused
          </Badge>
        )}
      </Box>
      <KeyboardHint
        id={hintId}
        grabbed={grabbed}
        idle={`Click the screen, or press Enter on it, to type into the guest, and ${RELEASE_KEY_LABEL} to release the keyboard.`}
      >
        {' '}
        Keys the host keeps (Ctrl+Alt+Del, Ctrl+Alt+F1…) are in the Keys menu.
      </KeyboardHint>
      <TypeClipboardModal
        opened={typing}
        onClose={() => {
          setTyping(false);
          (rfb as unknown as RFB | undefined)?.focus();
        }}
        target={() => rfb as unknown as RFB | undefined}
      />
    </Stack>
  );
}

/**
 * Resizes the console window so the guest's screen shows 1:1 (browsers allow it for windows they opened).
 * Called on noVNC's 'connect' event (the controller's 'connected'): the server's ServerInit message,
 * which comes before it, gave the framebuffer's size and noVNC has sized its canvas to it already.
 */
function fitWindowToGuest(screen: HTMLElement | null, frame: HTMLElement | null) {
  const canvas = screen?.querySelector('canvas');
  if (!canvas || !frame || canvas.width < 2) return; // no size: the fit-to-window scaling takes over
  const extraW = window.outerWidth - frame.clientWidth;
  const extraH = window.outerHeight - frame.clientHeight;
  const w = Math.min(canvas.width + extraW, window.screen.availWidth);
  const h = Math.min(canvas.height + extraH, window.screen.availHeight);
  try {
    window.resizeTo(w, h);
  } catch {
    // not ours to resize (e.g. a tab): the fit-to-window scaling takes over
  }
}
