import './zod-without-eval';
import './styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KioskTransport } from '../../common/contracts/kiosk-api';
import { App } from './App';
import { translate } from '../../common/i18n/catalog';
import { watchActivity } from './input/activity';
import { installWedgeCapture } from './input/wedge-capture';
import { ErrorScreen } from './screens/ErrorScreen';
import { KioskProvider } from './state/context';
import { createKioskStore } from './state/store';
import { getTransport } from './transport';

function start(transport: KioskTransport): ReactNode {
  const store = createKioskStore(transport);
  // Both transports start a subscription with the current snapshot, then push every change.
  transport.onSnapshot((snapshot) => store.getState().applySnapshot(snapshot));

  watchActivity(window, transport.api);
  installWedgeCapture(window, store, transport.api);
  return (
    <KioskProvider store={store} transport={transport}>
      <App />
    </KioskProvider>
  );
}

function noTransport(error: unknown): ReactNode {
  const language = navigator.language;
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <ErrorScreen
      error={{ title: translate(language, 'noCoreTitle'), detail, fix: translate(language, 'noCoreFix') }}
      language={language}
    />
  );
}

let app: ReactNode;
try {
  app = start(getTransport());
} catch (error) {
  app = noTransport(error);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html lost its #root element; restore renderer/index.html');
createRoot(root).render(<StrictMode>{app}</StrictMode>);
