// The board's voice (issue 19 item 12): a sentence made into audio on the daemon, so announcements play on any board
// whatever voices its browser has. A small interface with two engines: espeak-ng (Debian's package) and a simulator.

export type SpeechResult =
  | { ok: true; wav: Buffer; engine: string }
  /** unavailable: no engine on this machine; failed: the engine ran and gave no audio. */
  | { ok: false; reason: 'unavailable' | 'failed'; detail: string };

export interface SpeechEngine {
  readonly name: string;
  synthesize(text: string, lang: string): Promise<SpeechResult>;
}
