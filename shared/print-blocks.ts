// What a ticket or receipt is made of, independent of any printer language: domain/ticket lays tickets out
// in these blocks, server/reports lays out documents, and drivers/printer turns them into bytes. Here in
// shared/ because both domain/ and drivers/ use them and may import nothing else of the app.

export type Align = 'left' | 'center' | 'right';

/** Native printer text: one line, already wrapped to the paper's columns by the layout. */
export interface TextBlock {
  kind: 'text';
  text: string;
  align: Align;
  /** Character magnification, 1 = normal (12x24 dots), 2 = double width and height. */
  size?: 1 | 2;
  bold?: boolean;
}

/**
 * A line in a script a thermal printer cannot shape (Arabic, Hebrew…): drawn to a bitmap by the driver.
 * `aside` is drawn at the opposite edge (an amount beside a label). The driver wraps it when too wide.
 */
export interface RasterTextBlock {
  kind: 'raster-text';
  text: string;
  align: Align;
  direction: 'rtl' | 'ltr';
  lang: string;
  /** Nominal glyph height in dots; 24 matches the printer's font A. */
  sizeDots: number;
  bold?: boolean;
  aside?: string;
}

/** The ticket number: printer characters magnified `scale` times. */
export interface BigNumberBlock {
  kind: 'big-number';
  text: string;
  scale: number;
}

export interface QrBlock {
  kind: 'qr';
  payload: string;
  /** Dots per QR module. */
  moduleDots: number;
}

export interface SeparatorBlock {
  kind: 'separator';
  char: '-' | '=';
}

export interface FeedBlock {
  kind: 'feed';
  lines: number;
}

export interface CutBlock {
  kind: 'cut';
}

export type PrintBlock = TextBlock | RasterTextBlock | BigNumberBlock | QrBlock | SeparatorBlock | FeedBlock | CutBlock;

export interface Paper {
  /** Printable dots per row at 203 dpi. */
  dots: number;
  /** Font A (12 dots wide) characters per line. */
  columns: number;
}

/** The two paper widths the kiosk's printers take, in mm. */
export const PAPERS: Record<80 | 58, Paper> = {
  80: { dots: 576, columns: 48 },
  58: { dots: 384, columns: 32 },
};
