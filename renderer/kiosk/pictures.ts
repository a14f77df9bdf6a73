// Pictures of the device the visitor must use (issue 19 item 13), drawn here as inline SVG: nothing is downloaded and
// no emoji font is needed on the kiosk PC. Each is an image with its alt text (role="img", aria-label and <title>);
// colours come from kiosk.css (currentColor and the .ink/.accent classes), so the high-contrast mode redraws them.
import { h } from '../lib/dom';
import type { DevicePlaceName } from '../../shared/api';

function picture(cls: string, alt: string, viewBox: string, body: string): HTMLElement {
  const div = h('div', { class: `device-picture ${cls}` });
  // The markup is constant apart from the alt text, which is escaped before it goes in.
  const title = alt.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  div.innerHTML = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}" role="img" aria-label="${title}"><title>${title}</title>${body}</svg>`;
  return div;
}

/** A card terminal: a card going into the slot at its foot, and the contactless waves over its screen. */
export function terminalPicture(alt: string): HTMLElement {
  const keys = [0, 1, 2, 3]
    .flatMap((r) => [0, 1, 2].map((c) => `<rect class="ink" x="${52 + c * 26}" y="${118 + r * 20}" width="18" height="13" rx="3"/>`))
    .join('');
  return picture(
    'terminal-picture',
    alt,
    '0 0 200 260',
    // Body, screen, keypad, slot; the card half inserted under it; the contactless mark above the screen.
    '<rect class="body" x="36" y="20" width="128" height="208" rx="18"/>' +
      '<rect class="screen" x="52" y="40" width="96" height="62" rx="6"/>' +
      '<path class="accent-line" d="M86 62 q14 9 0 18 M96 56 q22 15 0 30 M106 50 q30 21 0 42"/>' +
      keys +
      '<rect class="ink" x="60" y="206" width="80" height="8" rx="4"/>' +
      '<rect class="card" x="68" y="200" width="64" height="52" rx="6"/>' +
      '<rect class="chip" x="80" y="222" width="16" height="12" rx="2"/>' +
      '<path class="accent-line arrow" d="M178 236 v-40 m-10 10 l10 -10 l10 10"/>',
  );
}

/** The QR scanner: a phone showing its QR code, held over the lit window of the reader. */
export function scannerPicture(alt: string): HTMLElement {
  const qr = [
    [0, 0],
    [0, 3],
    [3, 0],
    [1, 1],
    [2, 2],
    [3, 3],
    [1, 3],
    [3, 1],
    [2, 0],
    [0, 2],
  ]
    .map(([x, y]) => `<rect class="ink" x="${78 + x! * 11}" y="${38 + y! * 11}" width="10" height="10"/>`)
    .join('');
  return picture(
    'scanner-picture',
    alt,
    '0 0 200 260',
    // The phone with its code, the light between them, the reader and its window.
    '<rect class="body" x="60" y="14" width="80" height="120" rx="12"/>' +
      '<rect class="screen" x="70" y="28" width="60" height="62" rx="3"/>' +
      qr +
      '<path class="accent-line" d="M100 150 v36 m-12 -12 l12 12 l12 -12"/>' +
      '<rect class="body" x="24" y="196" width="152" height="52" rx="10"/>' +
      '<rect class="window" x="48" y="206" width="104" height="16" rx="4"/>',
  );
}

/** The ticket printer: a box with its slot, the ticket coming out of it, and an arrow to take it. */
export function printerPicture(alt: string): HTMLElement {
  return picture(
    'printer-picture',
    alt,
    '0 0 200 260',
    // The printer, its slot, the ticket with a number and lines on it, the arrow of the hand taking it.
    '<rect class="body" x="30" y="130" width="140" height="100" rx="12"/>' +
      '<rect class="ink" x="56" y="142" width="88" height="8" rx="4"/>' +
      '<rect class="card" x="64" y="40" width="72" height="106" rx="4"/>' +
      '<rect class="ink" x="82" y="58" width="36" height="18" rx="2"/>' +
      '<rect class="ink" x="76" y="90" width="48" height="6" rx="3"/>' +
      '<rect class="ink" x="76" y="106" width="48" height="6" rx="3"/>' +
      '<path class="accent-line arrow" d="M100 34 v-26 m-10 10 l10 -10 l10 10"/>',
  );
}

/**
 * A device's picture pointed at where it is on this kiosk model (config model.devices): an arrow on that side, and the
 * place said after the alt text. Left and right are the glass's, as the visitor faces it: never mirrored for Arabic.
 */
export function placedPicture(
  make: (alt: string) => HTMLElement,
  alt: string,
  place: DevicePlaceName | undefined,
  placeWords: Record<DevicePlaceName, string>,
): HTMLElement {
  if (!place) return make(alt);
  const pic = make(`${alt}. ${placeWords[place]}`);
  const arrow = h('div', { class: 'place-arrow', 'aria-hidden': 'true' });
  // One arrow drawn pointing right, turned by the CSS for the other sides.
  arrow.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80"><path d="M10 40 h52 m-18 -18 l18 18 l-18 18"/></svg>';
  return h('div', { class: 'device-place', 'data-place': place }, pic, arrow);
}
