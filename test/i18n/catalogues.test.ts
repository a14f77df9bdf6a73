// The catalogues of i18n/ (issue 19 items 7–9): every offered language has every key of the reference (French),
// every message is ICU MessageFormat, and its placeholders are the reference's. Run on the real files, and on a
// broken set to show that each kind of fault is caught.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DOMAINS, languagesOf, translator, type Catalogues, type Missing } from '../../shared/i18n/catalogue';
import { readCatalogues } from '../../server/i18n/catalogues';
import { tempDir } from '../support/tmp';
import { catalogueProblems } from './problems';

const shipped = readCatalogues();

describe('the shipped catalogues', () => {
  it('have every key in every language, parse as ICU, and keep the placeholders of French', () => {
    expect(catalogueProblems(shipped)).toEqual([]);
  });

  it('offer the staff pages and the board in French, Arabic and English at least', () => {
    for (const domain of DOMAINS) expect(languagesOf(shipped, domain)).toEqual(expect.arrayContaining(['fr', 'ar', 'en']));
  });

  it('offer the visitor screens in Arabic, French, English, Spanish and the host languages Italian, Dutch and German', () => {
    expect(languagesOf(shipped, 'visitor')).toEqual(['fr', 'ar', 'de', 'en', 'es', 'it', 'nl']);
  });

  it('print the tickets and receipts in the languages of the visitor screens', () => {
    expect(languagesOf(shipped, 'ticket')).toEqual(languagesOf(shipped, 'visitor'));
  });
});

describe('a broken catalogue is refused', () => {
  const broken: Catalogues = {
    fr: { board: { call: 'Ticket {ticket}, guichet {counter}', waitMinutes: '~{minutes} min', paused: 'en pause' } },
    ar: { board: { call: 'التذكرة {ticket}، الشباك {counter', waitMinutes: '~{minutes, plural, one {دقيقة}}' } },
    es: {
      board: { call: 'Turno {ticket}, ventanilla {mostrador}', waitMinutes: '~{minutes, plural, two {# min} other {# min}}', paused: 'en pausa', extra: 'x' },
    },
  };

  it('names the missing key, the bad message, the changed placeholder, a plural without "other" or with a foreign category', () => {
    expect(catalogueProblems(broken, ['board'])).toEqual([
      'ar/board.paused: missing',
      expect.stringMatching(/^ar\/board\.call: not ICU MessageFormat/),
      'ar/board.waitMinutes: not ICU MessageFormat (MISSING_OTHER_CLAUSE)',
      'es/board.call: placeholders {mostrador}, {ticket} but fr has {counter}, {ticket}',
      'es/board.waitMinutes: plural categories two do not exist in es',
      'es/board.extra: not a key of fr/board.json',
    ]);
  });
});

describe('the translator', () => {
  const set: Catalogues = {
    fr: { appointments: { feed: 'Liste : {tokens, plural, one {# rendez-vous} other {# rendez-vous}}.', title: 'Rendez-vous du jour' } },
    en: { appointments: { feed: 'List: {tokens, plural, one {# appointment} other {# appointments}}.', title: "Today's appointments" } },
    ar: {
      appointments: { feed: 'القائمة: {tokens, plural, zero {لا مواعيد} one {موعد واحد} two {موعدان} few {# مواعيد} many {# موعدًا} other {# موعد}}.' },
    },
  };

  it('formats ICU plurals by the language’s rules, with Latin digits', () => {
    const en = translator(set, 'appointments', 'en');
    expect(en.t('feed', { tokens: 1 })).toBe('List: 1 appointment.');
    expect(en.t('feed', { tokens: 3 })).toBe('List: 3 appointments.');
    const ar = translator(set, 'appointments', 'ar');
    expect(ar.t('feed', { tokens: 2 })).toBe('القائمة: موعدان.');
    expect(ar.t('feed', { tokens: 5 })).toBe('القائمة: 5 مواعيد.');
    expect(ar.t('feed', { tokens: 11 })).toBe('القائمة: 11 موعدًا.');
  });

  it('takes a missing message from the configured language and says so once', () => {
    const missing: Missing[] = [];
    const ar = translator(set, 'appointments', 'ar', { fallback: 'en', onMissing: (m) => missing.push(m) });
    expect(ar.t('title')).toBe("Today's appointments");
    expect(ar.t('title')).toBe("Today's appointments");
    expect(missing).toEqual([{ lang: 'ar', domain: 'appointments', key: 'title', shownIn: 'en' }]);
  });

  it('marks every text in the pseudo mode', () => {
    expect(translator(set, 'appointments', 'fr', { pseudo: true }).t('title')).toBe('⟦Rendez-vous du jour⟧');
  });
});

describe('languages grow by files', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  it('a folder i18n/it/ with a board.json adds Italian to the board with no code', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    for (const [lang, call] of [
      ['fr', 'Ticket {ticket}, guichet {counter}'],
      ['it', 'Biglietto {ticket}, sportello {counter}'],
    ] as const) {
      mkdirSync(join(t.dir, lang));
      writeFileSync(join(t.dir, lang, 'board.json'), JSON.stringify({ call }));
    }
    const set = readCatalogues(t.dir);
    expect(languagesOf(set, 'board')).toEqual(['fr', 'it']);
    expect(translator(set, 'board', 'it').t('call', { ticket: 'A 7', counter: '2' })).toBe('Biglietto A 7, sportello 2');
  });

  it('a ticket.json that lacks a key of French, or has one French does not, is refused', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const fr = shipped.fr!.ticket!;
    const { wait: _dropped, ...it } = shipped.it!.ticket!;
    for (const [lang, messages] of [
      ['fr', fr],
      ['it', { ...it, stamp: 'Marca' }],
    ] as const) {
      mkdirSync(join(t.dir, lang));
      writeFileSync(join(t.dir, lang, 'ticket.json'), JSON.stringify(messages));
    }
    expect(catalogueProblems(readCatalogues(t.dir), ['ticket'])).toEqual(['it/ticket.wait: missing', 'it/ticket.stamp: not a key of fr/ticket.json']);
  });
});
