import './styles.css';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KioskTransport } from '../../common/contracts/kiosk-api';
import { App } from './App';
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
  return (
    <ErrorScreen
      title="The kiosk cannot reach its core"
      detail={error instanceof Error ? error.message : String(error)}
      fix='Start the kiosk with "npm start" (Electron) or open the address printed by "npm run kiosk:web".'
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
