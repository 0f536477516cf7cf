// The guest feed starts before the UI's code has loaded: main.tsx, a few KB the page runs as soon as it
// arrives, opens the bridge and asks for the snapshot while the browser still loads and parses React and
// Mantine (~300 ms of a cold start); then it hands the same store to the App. One feed per page.
import type { ApiError, KvmBridge } from '../../preload/contract';
import { getBridge } from '../bridge';
import { feedStore } from './feed';
import { createGuestStore, type GuestStore } from './store';

export interface Feed {
  bridge: KvmBridge;
  store: GuestStore;
  /** where the feed's errors go once the UI can show them (errors before that are kept for it) */
  onError(handler: (error: ApiError) => void): () => void;
}

/** a store fed from this bridge; its errors wait for a handler */
export function createFeed(bridge: KvmBridge): Feed {
  const store = createGuestStore();
  const early: ApiError[] = [];
  let handler: ((error: ApiError) => void) | undefined;
  feedStore(store, bridge, (error) => (handler ? handler(error) : early.push(error)));
  return {
    bridge,
    store,
    onError(h) {
      handler = h;
      for (const error of early.splice(0)) h(error);
      return () => {
        if (handler === h) handler = undefined;
      };
    },
  };
}

let feed: Feed | undefined;

/** the page's feed, started on the first call; throws BridgeMissingError when the page has no bridge */
export function startFeed(): Feed {
  feed ??= createFeed(getBridge());
  return feed;
}
