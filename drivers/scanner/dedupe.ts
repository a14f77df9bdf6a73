// A scanner held over a QR reads it again and again: the same code seen again within the window (measured
// from its latest read, so a code held in front of the scanner stays one scan) is dropped.
export const DEDUPE_WINDOW_MS = 1000;

export function createDeduper(windowMs = DEDUPE_WINDOW_MS): (text: string, now: number) => boolean {
  let last: { text: string; at: number } | undefined;
  return (text, now) => {
    const repeat = last !== undefined && last.text === text && now - last.at < windowMs;
    last = { text, at: now };
    return !repeat;
  };
}
