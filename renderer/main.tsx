// Renderer entry: the same bundle serves the main window and the console windows (hash route).
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KvmBridge } from '../preload/contract';
import { App } from './app/App';
import { BridgeError } from './app/BridgeError';
import { getBridge } from './bridge';

let bridge: KvmBridge | undefined;
let failure = '';
try {
  bridge = getBridge();
} catch (err) {
  failure = (err as Error).message;
  console.error(err);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>{bridge ? <App bridge={bridge} /> : <BridgeError message={failure} />}</StrictMode>,
);
