import { describe, expect, it } from 'vitest';
import { createFeed } from '../../../renderer/app/early-feed';
import { bridgeWith, FakeBridge, guest, URI } from './fake-bridge';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the feed started before the UI loads', () => {
  it('asks for the snapshot at once and fills its store before any component exists', async () => {
    const a = guest('alpha');
    const bridge = bridgeWith([a]);
    const feed = createFeed(bridge);
    expect(bridge.callsOf('app.snapshot')).toHaveLength(1);
    await flush();
    expect(feed.store.getState().loaded).toBe(true);
    expect(Object.keys(feed.store.getState().vms[URI])).toEqual([a.uuid]);
  });

  it('keeps an error that came before the UI could show it, and hands it over once', async () => {
    const bridge = new FakeBridge().handle('app.snapshot', () => ({
      code: 'DISCONNECTED',
      message: 'libvirtd is not running',
    }));
    const feed = createFeed(bridge);
    await flush();
    const seen: string[] = [];
    const off = feed.onError((e) => seen.push(e.message));
    expect(seen).toEqual(['libvirtd is not running']);
    off();
    feed.onError((e) => seen.push(`again: ${e.message}`));
    expect(seen).toEqual(['libvirtd is not running']);
  });
});
