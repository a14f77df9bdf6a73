// Speech output for visitors who cannot read the screen (EN 301 549 closed functionality): reads each new
// screen aloud. Volume returns to the default for every new visitor.

let enabled = false;
let volume = 1;
let lastSpoken = '';

export function speechAvailable(): boolean {
  return typeof speechSynthesis !== 'undefined';
}

export function setSpeech(on: boolean): void {
  enabled = on;
  if (!on && speechAvailable()) speechSynthesis.cancel();
  lastSpoken = '';
}

export const speechOn = (): boolean => enabled;

export function resetForNewVisitor(): void {
  volume = 1;
  setSpeech(false);
}

export function changeVolume(delta: number): number {
  volume = Math.min(1, Math.max(0.1, volume + delta));
  return volume;
}

/** Speaks the text once per screen (the same screen re-rendered is not read again). */
export function speak(text: string, lang: string): void {
  if (!enabled || !speechAvailable() || text === lastSpoken) return;
  lastSpoken = text;
  speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = lang;
  u.volume = volume;
  speechSynthesis.speak(u);
}
