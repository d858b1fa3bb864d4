import type { KioskSnapshot } from '../../../common/contracts/kiosk-api';

type NoticeKind = NonNullable<KioskSnapshot['notice']>['kind'];

// Notices are shown on the shared screen before anyone is known, so they follow the terminal language.
const MESSAGES: Record<string, Record<NoticeKind, string>> = {
  en: {
    'unknown-badge': "We don't recognise this badge yet. Please ask your supervisor to register it.",
    'badge-rejected': "That badge couldn't be read. Please tap it again.",
    'signed-out-idle': 'Signed out because the screen was not used for a while. Tap your badge to continue.',
  },
  es: {
    'unknown-badge': 'Todavía no reconocemos esta tarjeta. Pide a tu supervisor que la registre.',
    'badge-rejected': 'No se pudo leer la tarjeta. Vuelve a acercarla, por favor.',
    'signed-out-idle': 'Se cerró la sesión por inactividad. Acerca tu tarjeta para continuar.',
  },
};

export function noticeMessage(kind: NoticeKind, language: string): string {
  const base = language.toLowerCase().split('-')[0];
  return (MESSAGES[base] ?? MESSAGES.en)[kind];
}
