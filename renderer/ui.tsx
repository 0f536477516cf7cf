// The UI, loaded by main.tsx once the guest feed has started: the App when the page has a bridge,
// else the page that says why it has none.
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { BridgeError } from './app/BridgeError';
import type { Feed } from './app/early-feed';

export function render(feed: Feed | undefined, failure: string): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      {feed ? <App bridge={feed.bridge} feed={feed} /> : <BridgeError message={failure} />}
    </StrictMode>,
  );
}
