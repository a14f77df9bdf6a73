// The print blocks this driver accepts. The same shape as domain/ticket/blocks.ts (drivers may not import
// domain/); TypeScript checks the two agree wherever the server passes a layout to the printer.

export type Align = 'left' | 'center' | 'right';

export type PrintBlock =
  | { kind: 'text'; text: string; align: Align; size?: 1 | 2; bold?: boolean }
  | { kind: 'raster-text'; text: string; align: Align; direction: 'rtl' | 'ltr'; lang: string; sizeDots: number; bold?: boolean; aside?: string }
  | { kind: 'big-number'; text: string; scale: number }
  | { kind: 'qr'; payload: string; moduleDots: number }
  | { kind: 'separator'; char: '-' | '=' }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface Paper {
  dots: number;
  columns: number;
}

export const PAPERS: Record<80 | 58, Paper> = {
  80: { dots: 576, columns: 48 },
  58: { dots: 384, columns: 32 },
};
