// Fonts come from the @fontsource npm packages, registered with @napi-rs/canvas by file path (woff2
// loads fine). Family names are our own so a system font of the same name can never shadow them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { canvas } from './canvas';

const require = createRequire(import.meta.url);

const FILES: Array<[family: string, pkg: string, file: string]> = [
  ['Kiosk Arabic', '@fontsource/noto-sans-arabic', 'noto-sans-arabic-arabic-400-normal.woff2'],
  ['Kiosk Arabic', '@fontsource/noto-sans-arabic', 'noto-sans-arabic-arabic-700-normal.woff2'],
  ['Kiosk Latin', '@fontsource/noto-sans', 'noto-sans-latin-400-normal.woff2'],
  ['Kiosk Latin', '@fontsource/noto-sans', 'noto-sans-latin-700-normal.woff2'],
  ['Kiosk Latin Ext', '@fontsource/noto-sans', 'noto-sans-latin-ext-400-normal.woff2'],
  ['Kiosk Latin Ext', '@fontsource/noto-sans', 'noto-sans-latin-ext-700-normal.woff2'],
  ['Kiosk Cyrillic', '@fontsource/noto-sans', 'noto-sans-cyrillic-400-normal.woff2'],
  ['Kiosk Greek', '@fontsource/noto-sans', 'noto-sans-greek-400-normal.woff2'],
];

/** CSS font-family list: Arabic first (its digits and punctuation suit mixed lines), then Latin and others. */
export const FONT_STACK = '"Kiosk Arabic", "Kiosk Latin", "Kiosk Latin Ext", "Kiosk Cyrillic", "Kiosk Greek"';
export const LATIN_STACK = '"Kiosk Latin", "Kiosk Latin Ext", "Kiosk Cyrillic", "Kiosk Greek", "Kiosk Arabic"';

export function fontPath(pkg: string, file: string): string {
  return join(dirname(require.resolve(pkg)), 'files', file);
}

let registered = false;

/** Idempotent; loads the canvas module (done on first drawing, not at start). Throws when a font file is missing: a broken install, not a runtime condition. */
export function registerFonts(): void {
  if (registered) return;
  const { GlobalFonts } = canvas();
  for (const [family, pkg, file] of FILES) {
    const path = fontPath(pkg, file);
    if (!existsSync(path) || !GlobalFonts.registerFromPath(path, family)) {
      throw new Error(`Font ${path} could not be loaded: reinstall ${pkg} (npm ci)`);
    }
  }
  registered = true;
}
