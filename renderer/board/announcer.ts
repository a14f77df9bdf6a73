// Announcements of the lobby board: a chime generated with WebAudio (no sound file, nothing fetched),
// then the sentence spoken in each configured language. One queue, so two calls never talk over each
// other; a recall is a new call id and is announced again.
// The sentence is audio made by the daemon (GET /api/board/speech, espeak-ng: issue 19 item 12), because the
// browser's own voices are often missing on Linux kiosks; the browser's voice is used only when the daemon has none.
import { phrase as phraseOf } from '../../shared/board-phrases';
import { apiBlob } from '../lib/api';
import { CATALOGUES } from '../lib/catalogues';

export interface Announcement {
  callId: number;
  prefix: string;
  number: number;
  counterName: string;
}

const VOICE_LANG: Record<string, string> = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB', es: 'es-ES' };

/** "Ticket A 23, counter 3": the number without leading zeros, the prefix as a letter. */
export function phrase(lang: string, a: Announcement): string {
  return phraseOf(CATALOGUES, lang, a);
}

/** The daemon's audio of a call (a blob), or why there is none (503: this daemon has no voice). */
export type ClipSource = (lang: string, a: Announcement) => Promise<{ ok: true; blob: Blob } | { ok: false; status: number; reason: string }>;

export const daemonClip: ClipSource = async (lang, a) => {
  const r = await apiBlob('boardSpeech', { query: { lang, prefix: a.prefix, number: a.number, counter: a.counterName } });
  return r.ok ? { ok: true, blob: r.body } : { ok: false, status: r.status, reason: r.reason };
};

export class Announcer {
  private queue: Announcement[] = [];
  private busy = false;
  private audio: AudioContext | null = null;
  /** Texts announced, newest last (the page shows them to screen readers and tests read them). */
  readonly log: string[] = [];

  /** Languages whose clip the daemon could not give (503): the browser's voice says them from then on. */
  private noClip = new Set<string>();

  constructor(
    private readonly opts: {
      languages: () => string[];
      chime: () => boolean;
      onSpeak?: (text: string) => void;
      onAudioBlocked?: () => void;
      /** A clip ended (or failed, with why): the page shows it, tests read it. */
      onPlayed?: (text: string, how: 'clip' | 'voice', error?: string) => void;
      clip?: ClipSource;
    },
  ) {}

  enqueue(a: Announcement): void {
    this.queue.push(a);
    void this.pump();
  }

  get pending(): number {
    return this.queue.length + (this.busy ? 1 : 0);
  }

  /** Browsers keep audio suspended until a user gesture; the "sound on" button calls this. */
  async unlock(): Promise<boolean> {
    this.audio ??= new AudioContext();
    await this.audio.resume().catch(() => {});
    return this.audio.state === 'running';
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let a = this.queue.shift(); a; a = this.queue.shift()) {
        if (this.opts.chime()) await this.chime();
        for (const lang of this.opts.languages()) {
          const text = phrase(lang, a);
          this.log.push(text);
          if (this.log.length > 50) this.log.shift();
          this.opts.onSpeak?.(text);
          if (!this.noClip.has(lang) && (await this.play(lang, a, text))) continue;
          await this.speak(text, lang);
          this.opts.onPlayed?.(text, 'voice');
        }
      }
    } finally {
      this.busy = false;
    }
  }

  /** Two soft tones (E6 then C6), 0.9 s in all. */
  private async chime(): Promise<void> {
    try {
      this.audio ??= new AudioContext();
      if (this.audio.state !== 'running') await this.audio.resume().catch(() => {});
      if (this.audio.state !== 'running') {
        this.opts.onAudioBlocked?.();
        return;
      }
      const ctx = this.audio;
      const t0 = ctx.currentTime + 0.05;
      for (const [i, freq] of [1318.5, 1046.5].entries()) {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.type = 'sine';
        osc.frequency.value = freq;
        const start = t0 + i * 0.4;
        gain.gain.setValueAtTime(0.0001, start);
        gain.gain.exponentialRampToValueAtTime(0.35, start + 0.03);
        gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.5);
        osc.connect(gain).connect(ctx.destination);
        osc.start(start);
        osc.stop(start + 0.55);
      }
      await sleep(950);
    } catch {
      this.opts.onAudioBlocked?.();
    }
  }

  /**
   * Plays the daemon's clip to its end (bounded: a stalled clip must not stall the queue). False when there is no clip
   * to play (the daemon answered 503: this language goes to the browser's voice); true when it played or was blocked.
   */
  private async play(lang: string, a: Announcement, text: string): Promise<boolean> {
    const clip = await (this.opts.clip ?? daemonClip)(lang, a);
    // No clip: the browser's voice says it (and says it from then on when the daemon has no voice at all).
    if (!clip.ok) {
      // 'busy' (the daemon is making many clips at once) is for this call only; no voice at all is for good.
      if (clip.status === 503 && clip.reason !== 'busy') this.noClip.add(lang);
      return false;
    }
    const blobUrl = URL.createObjectURL(clip.blob);
    const audio = new Audio(blobUrl);
    try {
      await new Promise<void>((resolve, reject) => {
        let timer: ReturnType<typeof setTimeout> | null = null;
        const finish = (error?: Error) => {
          if (timer) clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        audio.onloadedmetadata = () => {
          timer = setTimeout(() => finish(), (Number.isFinite(audio.duration) ? audio.duration * 1000 : 5000) + 2000);
        };
        audio.onended = () => finish();
        audio.onerror = () => finish(new Error('the clip could not be decoded'));
        audio.play().catch((e: Error) => finish(e));
      });
      this.opts.onPlayed?.(text, 'clip');
    } catch (e) {
      const error = e as Error;
      // Autoplay refused until someone touches the board: the "sound on" button says so; the call is on screen.
      if (error.name === 'NotAllowedError') this.opts.onAudioBlocked?.();
      this.opts.onPlayed?.(text, 'clip', error.message);
    } finally {
      URL.revokeObjectURL(blobUrl);
    }
    return true;
  }

  /** Resolves when the utterance ends, or after a bound: a missing voice must not stall the queue. */
  private speak(text: string, lang: string): Promise<void> {
    const synth = typeof speechSynthesis === 'undefined' ? null : speechSynthesis;
    if (!synth) return sleep(300);
    return new Promise((resolve) => {
      const u = new SpeechSynthesisUtterance(text);
      u.lang = VOICE_LANG[lang] ?? lang;
      const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang));
      if (voice) u.voice = voice;
      u.rate = 0.9;
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(finish, 1500 + text.length * 120);
      u.onend = finish;
      u.onerror = finish;
      synth.speak(u);
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
