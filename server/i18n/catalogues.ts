// The catalogues as the daemon sees them (tickets, the board's spoken phrases): every i18n/<lang>/<domain>.json read
// once at first use, so a file dropped in i18n/ adds a language with no code change (i18n/README.md). The folder is
// found from this file as the config's default is (same depth in the sources and in dist/server/).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cataloguesFrom, type Catalogues, type Messages } from '../../shared/i18n/catalogue-files';

export const I18N_DIR = fileURLToPath(new URL('../../i18n/', import.meta.url));

export function readCatalogues(dir = I18N_DIR): Catalogues {
  const files: [string, Messages][] = [];
  for (const lang of readdirSync(dir)) {
    const folder = join(dir, lang);
    if (!/^[a-z]{2}$/.test(lang) || !statSync(folder).isDirectory()) continue;
    for (const f of readdirSync(folder)) {
      if (f.endsWith('.json')) files.push([join(folder, f), JSON.parse(readFileSync(join(folder, f), 'utf8')) as Messages]);
    }
  }
  return cataloguesFrom(files);
}

let cached: Catalogues | undefined;
/** Read once per process: catalogues change with a release, not while the daemon runs. */
export const serverCatalogues = (): Catalogues => (cached ??= readCatalogues());

/** The languages with a catalogue of this domain, by the files alone (cheap: `kiosk config check` reads no JSON). */
export function languagesWithFile(domain: string, dir = I18N_DIR): string[] {
  return readdirSync(dir)
    .filter((lang) => /^[a-z]{2}$/.test(lang) && existsSync(join(dir, lang, `${domain}.json`)))
    .sort();
}
