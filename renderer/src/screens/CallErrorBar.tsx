import { useKiosk, useT } from '../state/context';

/** A call the worker was waiting on failed; the core's message names the problem and the fix. */
export function CallErrorBar() {
  const { t } = useT();
  const message = useKiosk((s) => s.callError);
  if (!message) return null;
  return (
    <div className="banner banner-danger" data-testid="call-error" role="alert">
      {t('callFailed', { message })}
    </div>
  );
}
