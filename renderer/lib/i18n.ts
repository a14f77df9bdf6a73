import { isRightToLeft } from '../../shared/languages';

// The visitor's words live in renderer/kiosk/words.ts; this file holds what every page needs of a language.

/** The language's own name for itself: "العربية", "Français", "Nederlands". */
export function languageName(lang: string): string {
  try {
    const name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
    return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
  } catch {
    return lang;
  }
}

export function applyLanguage(root: HTMLElement, lang: string): void {
  root.lang = lang;
  root.dir = isRightToLeft(lang) ? 'rtl' : 'ltr';
}
