// Must stay the first import: it configures zod before the shared schemas are built.
import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { I18nProvider } from './i18n/I18nProvider';
import './styles/base.css';
import './styles/layout.css';
import './styles/messages.css';
import './styles/composer.css';
import './styles/panels.css';
import './styles/tags.css';
import './styles/reading.css';
import './styles/profiles.css';
import './styles/guidelines.css';
import './styles/presence.css';
import './styles/photos.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <I18nProvider>
      <App />
    </I18nProvider>
  </StrictMode>,
);
