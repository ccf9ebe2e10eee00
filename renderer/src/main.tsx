import './theme/tokens.css';
import './theme/base.css';
import './components/buttons.css';
import './components/fields.css';
import './components/panels.css';
import './components/alerts.css';
import './app-shell.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
