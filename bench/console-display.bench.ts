// Console numbers on one GRUB guest, ours (noVNC -> our bridge -> QEMU's VNC) against the peer (noVNC or
// the same RFB client straight to QEMU's own WebSocket, graphics websocket='-1'), interleaved in one run:
// - console-first-frame: console opened (console.open included) -> first picture drawn, median < 500 ms
//   and <= 1.1x the peer
// - console-key-latency: key press -> screen change under TCG, median < 150 ms
// - console-bridge-throughput: full-frame updates per second and bytes per second, ours/peer >= 0.95

import { type RfbSession, rfbHandshake } from '../tests/integration/console/rfb-client';
import { disconnectSide, firstFrameMs, keyLatencyMs, setupConsoleBench } from './console-harness';
import { median, report } from './report';

const RUNS = 16;
const KEY_RUNS = 20;
const XK_Down = 0xff54;
const XK_Up = 0xff52;

/** Asks for whole raw frames back to back for `ms`; counts frames and bytes. */
async function fullFrames(
  url: string,
  protocols: string[],
  ms: number,
): Promise<{ fps: number; bps: number }> {
  const s: RfbSession = await rfbHandshake(url, protocols);
  const enc = Buffer.alloc(8);
  enc[0] = 2; // SetEncodings: raw only, so every frame is the same size on both paths
  enc.writeUInt16BE(1, 2);
  enc.writeInt32BE(0, 4);
  s.ws.send(enc);
  const req = Buffer.alloc(10);
  req[0] = 3;
  req.writeUInt16BE(s.width, 6);
  req.writeUInt16BE(s.height, 8);
  const start = performance.now();
  const bytes0 = s.reader.bytes;
  let frames = 0;
  while (performance.now() - start < ms) {
    s.ws.send(req);
    for (;;) {
      const head = await s.reader.read(4);
      if (head[0] !== 0) throw new Error(`unexpected server message ${head[0]}`);
      const rects = head.readUInt16BE(2);
      for (let i = 0; i < rects; i++) {
        const r = await s.reader.read(12);
        const [w, h, encoding] = [r.readUInt16BE(4), r.readUInt16BE(6), r.readInt32BE(8)];
        if (encoding === 0) await s.reader.skip(w * h * 4);
      }
      break;
    }
    frames++;
  }
  const secs = (performance.now() - start) / 1000;
  const bytes = s.reader.bytes - bytes0;
  s.ws.close();
  return { fps: frames / secs, bps: bytes / secs };
}

export default async function consoleDisplay(): Promise<void> {
  const b = await setupConsoleBench('bench-console');
  try {
    // first frame: a fresh console each time, ours and the peer alternating
    const ours: number[] = [];
    const peer: number[] = [];
    // QEMU's refresh timer slows down while nobody watches and speeds up when a client asks: whoever
    // goes first after a pause meets the slow timer, so the order alternates run by run
    const oursOnce = async () => {
      const t0 = performance.now();
      const url = await b.oursUrl();
      const openMs = performance.now() - t0;
      ours.push(openMs + (await firstFrameMs(b.page, 'ours', url, [])));
    };
    const peerOnce = async () => {
      peer.push(await firstFrameMs(b.page, 'peer', b.peerUrl, ['binary']));
    };
    for (let i = 0; i < RUNS; i++) {
      await disconnectSide(b.page, 'ours');
      await disconnectSide(b.page, 'peer');
      await new Promise((r) => setTimeout(r, 300));
      if (i % 2) {
        await peerOnce();
        await oursOnce();
      } else {
        await oursOnce();
        await peerOnce();
      }
    }
    report({
      name: 'console-first-frame',
      unit: 'ms',
      ours: median(ours),
      peer: median(peer),
      peerName: "noVNC straight to QEMU's websocket",
      ratio: median(ours) / median(peer),
      goal: 'ours median < 500 ms and ratio <= 1.1',
      met: median(ours) < 500 && median(ours) / median(peer) <= 1.1,
      runs: RUNS,
      extra: {
        oursTimed:
          'console.open (token, the display looked up) + noVNC RFB created -> canvas lit (rAF polling)',
        peerTimed: "noVNC RFB created on QEMU's websocket -> canvas lit (rAF polling)",
        order: 'alternating (ours first on even runs), 300 ms pause before each pair',
        ours,
        peer,
      },
    });

    // key press -> screen change: Down/Up in GRUB's menu move the highlight. Both sessions stay open
    // (shared) and take turns, so QEMU's adaptive refresh timer treats both alike.
    await firstFrameMs(b.page, 'ours', await b.oursUrl(), []);
    await firstFrameMs(b.page, 'peer', b.peerUrl, ['binary']);
    await keyLatencyMs(b.page, 'ours', XK_Down, 'ArrowDown'); // stops GRUB's countdown (it redraws every second)
    await new Promise((r) => setTimeout(r, 300));
    const keyOurs: number[] = [];
    const keyPeer: number[] = [];
    for (let i = 0; i < 2 * KEY_RUNS; i++) {
      const side = i % 2 ? 'peer' : 'ours';
      const down = Math.floor(i / 2) % 2 === 0;
      const ms = await keyLatencyMs(b.page, side, down ? XK_Up : XK_Down, down ? 'ArrowUp' : 'ArrowDown');
      if (Number.isFinite(ms)) (side === 'ours' ? keyOurs : keyPeer).push(ms);
      await new Promise((r) => setTimeout(r, 120 + ((i * 37) % 200))); // spread over QEMU's refresh phases
    }
    report({
      name: 'console-key-latency',
      unit: 'ms',
      ours: median(keyOurs),
      peer: median(keyPeer),
      peerName: "noVNC straight to QEMU's websocket",
      ratio: median(keyOurs) / median(keyPeer),
      goal: 'ours median < 150 ms under TCG',
      met: keyOurs.length >= KEY_RUNS * 0.9 && median(keyOurs) < 150,
      runs: keyOurs.length,
      extra: { ours: keyOurs, peer: keyPeer },
    });

    // throughput: whole raw frames as fast as the path carries them, alternating ours and peer
    await disconnectSide(b.page, 'ours');
    await disconnectSide(b.page, 'peer');
    const fpsO: number[] = [];
    const fpsP: number[] = [];
    const bpsO: number[] = [];
    const bpsP: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await fullFrames(await b.oursUrl(), [], 2000);
      const p = await fullFrames(b.peerUrl, ['binary'], 2000);
      fpsO.push(o.fps);
      bpsO.push(o.bps);
      fpsP.push(p.fps);
      bpsP.push(p.bps);
    }
    const fpsRatio = median(fpsO) / median(fpsP);
    const bpsRatio = median(bpsO) / median(bpsP);
    report({
      name: 'console-bridge-throughput',
      unit: 'frames/s (ratio ours/peer, higher is better)',
      ours: median(fpsO),
      peer: median(fpsP),
      peerName: "QEMU's own websocket",
      ratio: Math.min(fpsRatio, bpsRatio),
      goal: 'fps and bytes/s ratio >= 0.95',
      met: fpsRatio >= 0.95 && bpsRatio >= 0.95,
      runs: 5,
      extra: {
        fpsRatio,
        bytesPerSecondRatio: bpsRatio,
        oursMBps: median(bpsO) / 1e6,
        peerMBps: median(bpsP) / 1e6,
        fpsOurs: fpsO,
        fpsPeer: fpsP,
      },
    });
  } finally {
    await b.close();
  }
}
