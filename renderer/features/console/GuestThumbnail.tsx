// A live picture of a running guest's screen for the guest list: libvirt's screenshot (vms.screenshot),
// refreshed at most every 5 s and only while the thumbnail is on screen and the page is visible.
import { useEffect, useRef, useState } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { hasDisplay } from './console-controller';

export const THUMBNAIL_INTERVAL_MS = 5000;

export function GuestThumbnail({
  vm,
  width = 96,
  height = 72,
}: {
  vm: VmSummary;
  width?: number;
  height?: number;
}) {
  const bridge = useBridge();
  const box = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  const [src, setSrc] = useState<string | null>(null);
  const live = hasDisplay(vm.state) && vm.hasConsole;

  useEffect(() => {
    const el = box.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, []);

  useEffect(() => {
    if (!live) setSrc(null);
    if (!live || !visible) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState !== 'hidden') {
        const res = await bridge.call('vms.screenshot', { connection: vm.connection, uuid: vm.uuid });
        if (stopped) return;
        if (res.ok) setSrc(`data:image/png;base64,${res.value.pngBase64}`);
      }
      // the next one is scheduled after this one answered, so slow hosts are never asked twice at once
      if (!stopped) timer = setTimeout(tick, THUMBNAIL_INTERVAL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [bridge, vm.connection, vm.uuid, live, visible]);

  return (
    <div
      ref={box}
      data-testid="guest-thumbnail"
      data-live={live && src ? 'true' : 'false'}
      style={{
        width,
        height,
        flex: 'none',
        borderRadius: 4,
        overflow: 'hidden',
        background: live ? '#1a1b1e' : 'var(--mantine-color-gray-2, #e9ecef)',
      }}
    >
      {live && src && (
        <img
          src={src}
          alt={`Screen of ${vm.name}`}
          width={width}
          height={height}
          style={{ objectFit: 'contain', display: 'block', width: '100%', height: '100%' }}
        />
      )}
    </div>
  );
}
