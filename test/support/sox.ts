// Decodes a WAV with sox (Debian's sox package) and reads its length and loudness: a test of audio that hears it.
import { spawnSync } from 'node:child_process';

export interface AudioStat {
  seconds: number;
  rms: number;
  maxAmplitude: number;
  sampleRate: number;
}

export function soxStat(wav: Buffer): AudioStat {
  const r = spawnSync('sox', ['-t', 'wav', '-', '-n', 'stat'], { input: wav });
  if (r.error) throw new Error(`sox: ${r.error.message} (apt-get install -y sox)`);
  const text = r.stderr.toString();
  if (r.status !== 0) throw new Error(`sox could not decode the audio: ${text}`);
  const num = (label: string) => {
    const m = new RegExp(`^${label}:\\s+(-?[\\d.]+)`, 'm').exec(text);
    if (!m) throw new Error(`sox stat printed no "${label}":\n${text}`);
    return Number(m[1]);
  };
  const seconds = num('Length \\(seconds\\)');
  // "Samples read" counts every channel's samples: the voices here are mono.
  return { seconds, rms: num('RMS\\s+amplitude'), maxAmplitude: num('Maximum amplitude'), sampleRate: Math.round(num('Samples read') / seconds) };
}
