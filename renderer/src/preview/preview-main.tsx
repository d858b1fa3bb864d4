import '../zod-without-eval';
import './preview.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PreviewPage } from './PreviewPage';

const root = document.getElementById('root');
if (!root) throw new Error('preview.html lost its #root element');
createRoot(root).render(
  <StrictMode>
    <PreviewPage />
  </StrictMode>,
);
