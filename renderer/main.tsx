// Renderer entry: the same bundle serves the main window and the console windows (hash route).
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { getBridge } from './bridge';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App bridge={getBridge()} />
  </StrictMode>,
);
