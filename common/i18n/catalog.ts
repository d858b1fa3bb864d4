import { createInstance, type i18n } from 'i18next';
import ICU from 'i18next-icu';
import { en, type Messages } from './messages/en';
import { es } from './messages/es';

/**
 * The one message catalog of Shiftlearn: the renderer's screens, the core's notices (sent as codes
 * and worded by the renderer) and the learning-path engine's reasons all come from here, in ICU
 * MessageFormat through i18next. A language without a table, or a key missing from one, falls back
 * to English, so a new roster language never shows blank text.
 */

export type MessageKey = keyof Messages;
/** ICU arguments by name; `select` arguments are strings, `plural` ones numbers. */
export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

export const FALLBACK_LANGUAGE = 'en';
export const catalogs: Readonly<Record<string, Messages>> = { en, es };

let instance: i18n | null = null;

function catalog(): i18n {
  if (instance) return instance;
  const created = createInstance();
  void created.use(ICU).init({
    initAsync: false,
    lng: FALLBACK_LANGUAGE,
    fallbackLng: FALLBACK_LANGUAGE,
    supportedLngs: Object.keys(catalogs),
    nonExplicitSupportedLngs: true,
    resources: Object.fromEntries(Object.entries(catalogs).map(([lng, messages]) => [lng, { translation: messages }])),
    // keys are flat strings such as 'notice.unknown-badge'
    keySeparator: false,
    nsSeparator: false,
    // React and the DOM escape text; escaping here would show '&amp;' in names
    interpolation: { escapeValue: false },
  });
  instance = created;
  return created;
}

/** The catalog language used for a requested one ('es-MX' -> 'es', 'fr' -> 'en'). */
export function supportedLanguage(requested: string): string {
  const base = requested.toLowerCase().split(/[-_]/)[0] ?? FALLBACK_LANGUAGE;
  return base in catalogs ? base : FALLBACK_LANGUAGE;
}

export function translate(language: string, key: MessageKey, params: MessageParams = {}): string {
  return catalog().t(key, { ...params, lng: supportedLanguage(language) }) as string;
}

export function translatorFor(language: string): Translate {
  return (key, params) => translate(language, key, params);
}
