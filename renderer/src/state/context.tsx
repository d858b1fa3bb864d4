import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { KioskTransport } from '../../../common/contracts/kiosk-api';
import { translatorFor, type Translate } from '../../../common/i18n/catalog';
import { screenLanguage } from './screen';
import type { KioskState, KioskStore } from './store';

interface KioskContextValue {
  store: KioskStore;
  transport: KioskTransport;
}

const KioskContext = createContext<KioskContextValue | null>(null);

export function KioskProvider({ store, transport, children }: KioskContextValue & { children: ReactNode }) {
  return <KioskContext.Provider value={{ store, transport }}>{children}</KioskContext.Provider>;
}

function useKioskContext(): KioskContextValue {
  const value = useContext(KioskContext);
  if (!value) throw new Error('kiosk screens must be rendered inside <KioskProvider>');
  return value;
}

export function useKiosk<T>(selector: (state: KioskState) => T): T {
  return useStore(useKioskContext().store, selector);
}

/** The core's calls, for screens whose data is not in the snapshot (station board, diagnostics). */
export function useKioskApi(): KioskTransport['api'] {
  return useKioskContext().transport.api;
}

export function useMediaUrl(): (sha256: string) => string {
  return useKioskContext().transport.mediaUrl;
}

/** Strings in the language of whoever is at the terminal right now. */
export function useT(): { t: Translate; language: string } {
  const language = useKiosk((s) => screenLanguage(s.snapshot));
  const t = useMemo(() => translatorFor(language), [language]);
  return { t, language };
}
