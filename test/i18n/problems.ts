// What is wrong with a set of catalogues, one line per problem: a key of the reference (French) missing in another
// language or one it does not know, a message that is not ICU MessageFormat, placeholders that differ from the
// reference's (a translation that drops {ticket} would print a ticket without its number), a plural with a
// category the language does not have (one without "other" does not parse).
import { IntlMessageFormat } from 'intl-messageformat';
import { DOMAINS, REFERENCE_LANGUAGE, languagesOf, type Catalogues } from '../../shared/i18n/catalogue';

// The parser's element types (@formatjs/icu-messageformat-parser TYPE), as numbers, since only the AST is reached.
const ARGUMENT = 1,
  NUMBER = 2,
  DATE = 3,
  TIME = 4,
  SELECT = 5,
  PLURAL = 6,
  TAG = 8;

interface Element {
  type: number;
  value?: string;
  options?: Record<string, { value: Element[] }>;
  children?: Element[];
}

function walk(els: Element[], visit: (e: Element) => void): void {
  for (const e of els) {
    visit(e);
    for (const o of Object.values(e.options ?? {})) walk(o.value, visit);
    if (e.children) walk(e.children, visit);
  }
}

/** The message's placeholders, or why it does not parse. */
export function placeholders(message: string, lang: string): { ok: true; names: string[]; plurals: string[][] } | { ok: false; reason: string } {
  let ast: Element[];
  try {
    ast = new IntlMessageFormat(message, lang).getAst() as unknown as Element[];
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
  const names = new Set<string>();
  const plurals: string[][] = [];
  walk(ast, (e) => {
    if ([ARGUMENT, NUMBER, DATE, TIME, SELECT, PLURAL, TAG].includes(e.type) && e.value) names.add(e.value);
    if (e.type === PLURAL) plurals.push(Object.keys(e.options ?? {}));
  });
  return { ok: true, names: [...names].sort(), plurals };
}

export function catalogueProblems(catalogues: Catalogues, domains: readonly string[] = DOMAINS): string[] {
  const problems: string[] = [];
  for (const domain of domains) {
    const ref = catalogues[REFERENCE_LANGUAGE]?.[domain];
    if (!ref) {
      problems.push(`${domain}: no ${REFERENCE_LANGUAGE} catalogue (the reference)`);
      continue;
    }
    for (const lang of languagesOf(catalogues, domain as never)) {
      const messages = catalogues[lang]![domain]!;
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
      for (const key of Object.keys(ref)) if (!(key in messages)) problems.push(`${lang}/${domain}.${key}: missing`);
      for (const [key, message] of Object.entries(messages)) {
        const where = `${lang}/${domain}.${key}`;
        if (!(key in ref)) {
          problems.push(`${where}: not a key of ${REFERENCE_LANGUAGE}/${domain}.json`);
          continue;
        }
        if (typeof message !== 'string' || !message.trim()) {
          problems.push(`${where}: empty`);
          continue;
        }
        const own = placeholders(message, lang);
        if (!own.ok) {
          problems.push(`${where}: not ICU MessageFormat (${own.reason})`);
          continue;
        }
        const theirs = placeholders(ref[key]!, REFERENCE_LANGUAGE);
        if (theirs.ok && own.names.join() !== theirs.names.join())
          problems.push(`${where}: placeholders {${own.names.join('}, {')}} but ${REFERENCE_LANGUAGE} has {${theirs.names.join('}, {')}}`);
        for (const options of own.plurals) {
          const unknown = options.filter((o) => !o.startsWith('=') && !categories.includes(o));
          if (unknown.length) problems.push(`${where}: plural categories ${unknown.join(', ')} do not exist in ${lang}`);
        }
      }
    }
  }
  return problems;
}
