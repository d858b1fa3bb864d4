import { useEffect } from 'react';
import type { KioskApi } from '../../../common/contracts/kiosk-api';

/** Ctrl+Alt+Shift+D, documented for site IT; by key position, so Alt's layout characters do not matter. */
export function isDiagnosticsChord(e: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'shiftKey' | 'code' | 'type'>): boolean {
  return e.type === 'keydown' && e.ctrlKey && e.altKey && e.shiftKey && e.code === 'KeyD';
}

export function useDiagnosticsChord(api: Pick<KioskApi, 'openDiagnostics'>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isDiagnosticsChord(e)) return;
      e.preventDefault();
      api.openDiagnostics().catch(() => undefined);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [api]);
}
