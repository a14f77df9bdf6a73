// Small builders shared by the ticket and receipt layouts: each picks native text or a raster line.
import type { Align, PrintBlock } from '../../shared/print-blocks';
import { isRtlText, needsRaster, plainSpaces } from './script';

/** Word wrap to `width` characters; words longer than a line are cut. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > width) {
      if (line) {
        out.push(line);
        line = '';
      }
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      out.push(line);
      line = w;
    }
  }
  if (line) out.push(line);
  return out.length ? out : [''];
}

export interface LineOpts {
  align: Align;
  bold?: boolean;
  size?: 1 | 2;
  lang: string;
}

/** One logical line: native text wrapped to the columns, or a raster line the driver draws and wraps. */
export function textLine(text: string, columns: number, o: LineOpts): PrintBlock[] {
  const clean = plainSpaces(text).trim();
  if (needsRaster(clean)) {
    return [
      {
        kind: 'raster-text',
        text: clean,
        align: o.align,
        direction: isRtlText(clean) ? 'rtl' : 'ltr',
        lang: o.lang,
        sizeDots: o.size === 2 ? 44 : 26,
        bold: o.bold ?? false,
      },
    ];
  }
  const size = o.size ?? 1;
  return wrap(clean, Math.floor(columns / size)).map((t) => ({ kind: 'text', text: t, align: o.align, size, bold: o.bold ?? false }));
}

/** A label at one edge and a value at the other ("Passeport ........ 86,00 EUR"). */
export function pairLine(label: string, value: string, columns: number, o: { bold?: boolean; lang: string }): PrintBlock[] {
  const l = plainSpaces(label).trim();
  const v = plainSpaces(value).trim();
  if (needsRaster(l) || needsRaster(v)) {
    const rtl = isRtlText(l);
    return [
      {
        kind: 'raster-text',
        text: l,
        aside: v,
        align: rtl ? 'right' : 'left',
        direction: rtl ? 'rtl' : 'ltr',
        lang: o.lang,
        sizeDots: 26,
        bold: o.bold ?? false,
      },
    ];
  }
  const bold = o.bold ?? false;
  if (l.length + 1 + v.length <= columns) {
    return [{ kind: 'text', text: l + ' '.repeat(columns - l.length - v.length) + v, align: 'left', bold }];
  }
  return [
    ...wrap(l, columns).map((t): PrintBlock => ({ kind: 'text', text: t, align: 'left', bold })),
    ...wrap(v, columns).map((t): PrintBlock => ({ kind: 'text', text: t, align: 'right', bold })),
  ];
}
