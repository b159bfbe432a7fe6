// Renderer entry: mounts the React app into #root.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const container = document.getElementById('root');
if (!container) throw new Error('renderer/index.html has no #root element; the app has nowhere to mount');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
