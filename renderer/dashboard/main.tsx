import '../src/zod-without-eval';
import './dashboard.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDashboardApi } from './api';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('dashboard.html lost its #root element; restore renderer/dashboard.html');
createRoot(root).render(
  <StrictMode>
    <App api={createDashboardApi()} />
  </StrictMode>,
);
