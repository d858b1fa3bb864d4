import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { catalogs, FALLBACK_LANGUAGE, supportedLanguage, translate, type MessageKey } from '../../../common/i18n/catalog';
import { noticeCodes } from '../../../common/contracts/kiosk-api';

/** Every argument a message uses, with its kind: a translation must ask for the same ones. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      into.add(`${el.value}:${TYPE[el.type]}`);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
  }
  return into;
}

const reference = catalogs[FALLBACK_LANGUAGE]!;
const languages = Object.keys(catalogs).filter((l) => l !== FALLBACK_LANGUAGE);

describe('message catalog', () => {
  it.each(languages)('%s has every English key and no other', (language) => {
    expect(Object.keys(catalogs[language]!).sort()).toEqual(Object.keys(reference).sort());
  });

  it.each(Object.keys(catalogs))('every %s message is valid ICU and asks for the same arguments as English', (language) => {
    const mismatches: string[] = [];
    for (const [key, message] of Object.entries(catalogs[language]!)) {
      const wanted = [...argumentsOf(parse(reference[key as MessageKey]))].sort().join(', ');
      const got = [...argumentsOf(parse(message))].sort().join(', ');
      if (got !== wanted) mismatches.push(`${key}: {${got}} instead of {${wanted}}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('words every notice code the core can send', () => {
    for (const code of noticeCodes) expect(translate('en', `notice.${code}`)).not.toBe(`notice.${code}`);
  });

  it('picks the plural form per language and falls back to English for other languages', () => {
    expect(translate('en', 'syncWaiting', { n: 1 })).toBe('1 completion waiting');
    expect(translate('en', 'syncWaiting', { n: 3 })).toBe('3 completions waiting');
    expect(translate('es-MX', 'pinWrong', { n: 1 })).toBe('PIN incorrecto. Queda 1 intento antes de un bloqueo de 5 minutos.');
    expect(translate('es', 'pinWrong', { n: 2 })).toBe('PIN incorrecto. Quedan 2 intentos antes de un bloqueo de 5 minutos.');
    expect(translate('vi', 'greeting', { name: 'Mai' })).toBe('Hi Mai');
    expect(supportedLanguage('es_ES')).toBe('es');
    expect(supportedLanguage('vi')).toBe('en');
  });

  it('keeps names as given: no HTML escaping (the DOM does that)', () => {
    expect(translate('en', 'greeting', { name: 'Tom & "Jo" <x>' })).toBe('Hi Tom & "Jo" <x>');
  });

  it('speaks to Spanish workers in one register (tú), as the lessons do', () => {
    // usted imperatives and "su ..." addressed to the worker (the kiosk's own "su núcleo" is fine)
    const usted = /\b(usted|pase|elija|responda|introduzca|reinicie|inicie|abra|pida|avise|cierre|toque|pulse|acerque|vuelva|espere|puede intentarlo|su (próxima|puntuación|tarjeta|lección|sesión))\b/i;
    const formal = Object.entries(catalogs.es!).filter(([, text]) => usted.test(text));
    expect(formal).toEqual([]);
  });
});
