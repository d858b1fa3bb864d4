import { useEffect, useState } from 'react';
import { translate } from '../../../common/i18n/catalog';
import { useKiosk } from '../state/context';
import { NOTICE_VISIBLE_MS, visibleNotice } from '../state/screen';

/**
 * A transient message (unknown badge, idle sign-out, a failed badge read), shown once for a few seconds.
 * Notices come before anyone is known, so they are worded in the terminal's language.
 */
export function NoticeBar() {
  const snapshot = useKiosk((s) => s.snapshot);
  const dismissedAt = useKiosk((s) => s.noticeDismissedAt);
  const localNotice = useKiosk((s) => s.localNotice);
  const dismiss = useKiosk((s) => s.dismissNotice);
  const [now, setNow] = useState(() => Date.now());

  // A new notice restarts the clock used to judge its freshness.
  useEffect(() => setNow(Date.now()), [snapshot?.notice?.at, localNotice?.at]);

  const notice = visibleNotice(snapshot, localNotice, dismissedAt, now);
  useEffect(() => {
    if (!notice) return;
    const remaining = Math.max(0, NOTICE_VISIBLE_MS - (Date.now() - Date.parse(notice.at)));
    const timer = setTimeout(() => dismiss(notice.at), remaining);
    return () => clearTimeout(timer);
  }, [notice?.at, dismiss]);

  if (!notice || !snapshot) return null;
  return (
    <div className={`banner banner-notice notice-${notice.code}`} data-testid="notice" data-code={notice.code} role="status" aria-live="polite">
      {translate(snapshot.terminal.language, `notice.${notice.code}`, notice.params)}
    </div>
  );
}
