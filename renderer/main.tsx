// Renderer entry: the same bundle serves the main window and the console windows (hash route).
// It is small on purpose: it starts the guest feed (the snapshot is on its way at once) and only then
// loads the UI (React, Mantine and their styles, ~550 KB to parse), so the two overlap on a cold start.
import { type Feed, startFeed } from './app/early-feed';
import { onUiLoadFailure } from './app/load-failure';

let feed: Feed | undefined;
let failure = '';
try {
  feed = startFeed();
} catch (err) {
  failure = (err as Error).message;
  console.error(err);
}

// The failure handler goes on the promise Vite's preloader answers, not inside it: Vite wraps an import()
// and what is chained on it, so a stylesheet that failed to preload (Chromium aborts loads in flight with
// ERR_NETWORK_CHANGED when a guest's tap or a network's bridge appears) rejected past a chained handler
// and left the page blank.
const ui = import('./ui');
void ui.then((m) => m.render(feed, failure), onUiLoadFailure);
