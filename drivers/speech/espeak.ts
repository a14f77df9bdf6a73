// espeak-ng as the board's voice: `espeak-ng -v VOICE --stdout` with the sentence on stdin (never on the command line,
// so no text can be taken for an option), a RIFF WAV on stdout. Debian's espeak-ng ships voices for Arabic, French,
// English, Spanish, Italian, Dutch and German (espeak-ng --voices).
import { spawn } from 'node:child_process';
import type { SpeechEngine, SpeechResult } from './engine';

/** espeak-ng's voice for each language the board speaks (Moroccan Arabic has no voice of its own: Modern Standard). */
const VOICES: Record<string, string> = { fr: 'fr-fr', ar: 'ar', en: 'en-gb', es: 'es', it: 'it', nl: 'nl', de: 'de' };
const TIMEOUT_MS = 10_000;

export function espeakEngine(o: { command?: string; wordsPerMinute?: number } = {}): SpeechEngine {
  const command = o.command ?? 'espeak-ng';
  return {
    name: 'espeak-ng',
    synthesize(text, lang): Promise<SpeechResult> {
      const voice = VOICES[lang];
      if (!voice)
        return Promise.resolve({ ok: false, reason: 'failed', detail: `espeak-ng: no voice for "${lang}" (known: ${Object.keys(VOICES).join(', ')})` });
      return new Promise((resolve) => {
        const child = spawn(command, ['-v', voice, '-s', String(o.wordsPerMinute ?? 140), '--stdout'], { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', (e: NodeJS.ErrnoException) => {
          clearTimeout(timer);
          resolve(
            e.code === 'ENOENT'
              ? { ok: false, reason: 'unavailable', detail: `${command} is not installed: apt-get install -y espeak-ng` }
              : { ok: false, reason: 'failed', detail: `${command}: ${e.message}` },
          );
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          const wav = Buffer.concat(out);
          if (code === 0 && wav.length > 44 && wav.subarray(0, 4).toString('latin1') === 'RIFF') return resolve({ ok: true, wav, engine: 'espeak-ng' });
          resolve({ ok: false, reason: 'failed', detail: `${command} ${signal ? `killed (${signal})` : `exit ${code}`}: ${err.trim() || 'no audio'}` });
        });
        child.stdin.on('error', () => {});
        child.stdin.end(text);
      });
    },
  };
}
