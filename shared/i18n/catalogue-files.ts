// The catalogue set as files give it: which language and domain a file is, and the set built from (path, messages)
// pairs. Apart from the translator (shared/i18n/catalogue.ts, which re-exports these) so that reading catalogues
// does not load intl-messageformat: the daemon reads them for `kiosk config check` and at every start, and formats
// a message only with the board's first spoken call (issue 14, start-up).

export type Messages = Readonly<Record<string, string>>;
/** language → domain → key → ICU message. */
export type Catalogues = Readonly<Record<string, Readonly<Partial<Record<string, Messages>>>>>;

/** Parses "i18n/fr/board.json" (any prefix) into its language and domain; null for another file. */
export function catalogueFile(path: string): { lang: string; domain: string } | null {
  const m = /(?:^|[\\/])([a-z]{2})[\\/]([a-z][a-z-]*)\.json$/.exec(path);
  return m ? { lang: m[1]!, domain: m[2]! } : null;
}

/** Builds the catalogue set from (path, messages) pairs, as a bundler's glob or a directory listing yields them. */
export function cataloguesFrom(files: Iterable<readonly [string, Messages]>): Catalogues {
  const out: Record<string, Record<string, Messages>> = {};
  for (const [path, messages] of files) {
    const f = catalogueFile(path);
    if (f) (out[f.lang] ??= {})[f.domain] = messages;
  }
  return out;
}
