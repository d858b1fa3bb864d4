import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { translate } from '../../../common/i18n/catalog';

/** The core cannot run: say what, why and how to fix it, and offer nothing that would fail anyway. */
export function ErrorScreen({ error, language }: { error: KioskSnapshot['error']; language: string }) {
  const title = error?.title ?? translate(language, 'coreErrorTitle');
  const detail = error?.detail ?? translate(language, 'coreErrorDetail');
  const fix = error?.fix ?? translate(language, 'coreErrorFix');
  return (
    <main className="screen error-screen" data-testid="error-screen" role="alert">
      <h1>{title}</h1>
      <p className="error-detail">{detail}</p>
      <p className="error-fix">{fix}</p>
    </main>
  );
}
