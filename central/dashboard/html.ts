// Server-rendered pages of the ministry (issue 16): escaping, the frame with its language switch, money text.
import { minorToText } from '../../shared/money';
import { otherLang, WORDS, type Key, type Lang } from './i18n';

export const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const t = (lang: Lang, key: Key, vars: Record<string, string | number> = {}) =>
  WORDS[lang][key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

export function money(minor: number, currency: string): string {
  try {
    return `${minorToText(minor, currency)} ${currency}`;
  } catch {
    return `${minor} (${currency})`;
  }
}

const STYLE = `
body{font-family:system-ui,"Noto Sans Arabic",sans-serif;margin:0;color:#1b1b1b}
header{display:flex;gap:1rem;align-items:center;padding:.6rem 1rem;background:#0b3d2e;color:#fff}
header a{color:#fff}
main{padding:1rem}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:start}
td.n{text-align:end;font-variant-numeric:tabular-nums}
tr.stale{background:#fde2e1}
.flag{color:#a40000;font-weight:bold}
.spacer{flex:1}
form.inline{display:inline}
`;

/** The page frame: language switch (keeps the path), navigation for the signed-in user, and `body`. */
export function page(o: { lang: Lang; title: string; body: string; path: string; user?: { name: string; role: string } | null }): string {
  const other = otherLang(o.lang);
  const sep = o.path.includes('?') ? '&' : '?';
  const nav = o.user
    ? `<a href="/central">${esc(t(o.lang, 'network'))}</a> <a href="/central/trends">${esc(t(o.lang, 'trends'))}</a>` +
      (o.user.role === 'admin' ? ` <a href="/central/users">${esc(t(o.lang, 'users'))}</a>` : '') +
      `<span class="spacer"></span><span>${esc(o.user.name)} (${esc(t(o.lang, o.user.role === 'admin' ? 'role.admin' : 'role.viewer'))})</span>` +
      `<form class="inline" method="post" action="/central/logout"><button type="submit">${esc(t(o.lang, 'signOut'))}</button></form>`
    : '<span class="spacer"></span>';
  return `<!doctype html>
<html lang="${o.lang}" dir="${o.lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(o.title)} · ${esc(t(o.lang, 'title'))}</title><style>${STYLE}</style></head>
<body><header><strong>${esc(t(o.lang, 'title'))}</strong>${nav}
<a id="lang" hreflang="${other}" href="${esc(`${o.path}${sep}lang=${other}`)}">${esc(t(o.lang, 'language'))}</a></header>
<main><h1>${esc(o.title)}</h1>${o.body}</main></body></html>`;
}

export function table(head: string[], rows: string[][], rowAttrs: string[] = []): string {
  return (
    `<table><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r, i) => `<tr${rowAttrs[i] ? ` ${rowAttrs[i]}` : ''}>${r.join('')}</tr>`).join('') +
    '</tbody></table>'
  );
}

export const td = (v: unknown, numeric = false) => `<td${numeric ? ' class="n"' : ''}>${esc(v)}</td>`;
export const tdHtml = (html: string) => `<td>${html}</td>`;
