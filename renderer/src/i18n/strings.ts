/**
 * Every string the kiosk shows, in each language the kiosk speaks. The worker's language picks the
 * table; an unknown language falls back to English so a new roster language never shows blank text.
 */
const en = {
  tapToStart: 'Tap your badge to start',
  readerDisconnected: 'Badge reader disconnected',
  readerUnavailable: 'Badge reader not available',
  readerListening: 'Badge reader ready',
  readerConnected: 'Badge reader connected',
  demoTerminal: 'Demo terminal',
  greeting: 'Hi {name}',
  nextLesson: 'Your next lesson',
  minutes: '{n} min',
  start: 'Start',
  alternatives: 'Or choose another',
  caughtUp: "You're all caught up",
  caughtUpDetail: 'Nothing to learn right now.',
  reviewDue: 'Review due',
  reviewPractice: 'Quick review',
  startReview: 'Start review',
  questionOf: 'Question {n} of {total}',
  reviewDone: 'Review complete',
  signOut: 'Sign out',
  cardOf: 'Card {n} of {total}',
  back: 'Back',
  next: 'Next',
  done: 'Done',
  check: 'Check',
  correct: 'Correct',
  incorrect: 'Not quite',
  tryAgain: 'You can try again.',
  answerToContinue: 'Answer the question to continue.',
  answerRemaining: 'Answer this question to finish.',
  replay: 'Replay',
  mediaMissing: 'This media could not be loaded.',
  imageMissing: 'Image not available',
  videoMissing: 'Video not available',
  zoomImage: 'Enlarge picture: {alt}',
  closeZoom: 'Close',
  lessonDone: 'Lesson complete',
  scoreLine: 'You scored {score}%',
  noScore: 'Well done.',
  returning: 'Returning to the start screen…',
  finishNow: 'Finish',
  saving: 'Saving…',
  callFailed: 'Something went wrong: {message}',
  loading: 'Starting…',
  coreErrorTitle: 'The kiosk cannot start',
  coreErrorDetail: 'The kiosk core reported an error without details.',
  coreErrorFix: 'Restart the terminal; if this screen comes back, ask site IT to check the kiosk log.',
  noCoreTitle: 'The kiosk cannot reach its core',
  noCoreFix: 'Start the kiosk with "npm start" (Electron) or open the address printed by "npm run kiosk:web".',
} as const;

export type StringKey = keyof typeof en;
type Table = Record<StringKey, string>;

const es: Table = {
  tapToStart: 'Pase su tarjeta para empezar',
  readerDisconnected: 'Lector de tarjetas desconectado',
  readerUnavailable: 'Lector de tarjetas no disponible',
  readerListening: 'Lector de tarjetas listo',
  readerConnected: 'Lector de tarjetas conectado',
  demoTerminal: 'Terminal de demostración',
  greeting: 'Hola {name}',
  nextLesson: 'Su próxima lección',
  minutes: '{n} min',
  start: 'Empezar',
  alternatives: 'O elija otra',
  caughtUp: '¡Estás al día!',
  caughtUpDetail: 'No hay nada que aprender ahora.',
  reviewDue: 'Repaso pendiente',
  reviewPractice: 'Repaso rápido',
  startReview: 'Empezar repaso',
  questionOf: 'Pregunta {n} de {total}',
  reviewDone: 'Repaso completado',
  signOut: 'Salir',
  cardOf: 'Tarjeta {n} de {total}',
  back: 'Atrás',
  next: 'Siguiente',
  done: 'Terminar',
  check: 'Comprobar',
  correct: 'Correcto',
  incorrect: 'No exactamente',
  tryAgain: 'Puede intentarlo de nuevo.',
  answerToContinue: 'Responda la pregunta para continuar.',
  answerRemaining: 'Responda esta pregunta para terminar.',
  replay: 'Repetir',
  mediaMissing: 'No se pudo cargar este contenido.',
  imageMissing: 'Imagen no disponible',
  videoMissing: 'Vídeo no disponible',
  zoomImage: 'Ampliar imagen: {alt}',
  closeZoom: 'Cerrar',
  lessonDone: 'Lección completada',
  scoreLine: 'Su puntuación: {score}%',
  noScore: 'Bien hecho.',
  returning: 'Volviendo a la pantalla de inicio…',
  finishNow: 'Finalizar',
  saving: 'Guardando…',
  callFailed: 'Algo salió mal: {message}',
  loading: 'Iniciando…',
  coreErrorTitle: 'El quiosco no puede iniciar',
  coreErrorDetail: 'El núcleo del quiosco informó un error sin detalles.',
  coreErrorFix: 'Reinicie la terminal; si esta pantalla vuelve, pida a TI del sitio que revise el registro del quiosco.',
  noCoreTitle: 'El quiosco no puede comunicarse con su núcleo',
  noCoreFix: 'Inicie el quiosco con "npm start" (Electron) o abra la dirección que muestra "npm run kiosk:web".',
};

const tables: Record<string, Table> = { en, es };

/** The language tag the UI actually uses for a requested one ('es-MX' -> 'es', 'fr' -> 'en'). */
export function supportedLanguage(requested: string): string {
  const base = requested.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return base in tables ? base : 'en';
}

export function translate(language: string, key: StringKey, params: Record<string, string | number> = {}): string {
  const template = tables[supportedLanguage(language)]![key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: StringKey, params?: Record<string, string | number>) => string;

export function translatorFor(language: string): Translate {
  return (key, params) => translate(language, key, params);
}
