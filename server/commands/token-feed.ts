// `kiosk token feed`: sign a day feed (issue 18 item 6) the way the booking system must, from tokens in files or
// arguments: for the booking system's integrators (a reference output to compare theirs with), tests and demos.
import { readFileSync, writeFileSync } from 'node:fs';
import { signFeed } from '../../domain/appointment/day-feed';
import { createNodeSigner, privateKeyFrom } from '../appointment/crypto';

export interface FeedOptions {
  key: string;
  consulate: string;
  day: string;
  sequence: string;
  /** Files holding tokens, one per line (blank lines and lines not starting with RDV1: are skipped). */
  tokens?: string[];
  revoke?: string[];
  issuedAt?: string;
  out?: string;
}

export async function feed(o: FeedOptions): Promise<{ exitCode: number; stdout: string; stderr?: string }> {
  const pk = privateKeyFrom(readFileSync(o.key, 'utf8'), o.key);
  if (!pk.ok) return { exitCode: 2, stdout: '', stderr: pk.reason };
  const tokens: string[] = [];
  for (const f of o.tokens ?? []) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      return { exitCode: 2, stdout: '', stderr: `--tokens ${f}: ${(e as Error).message}` };
    }
    tokens.push(...text.split(/\s+/).filter((l) => l.startsWith('RDV1:')));
  }
  const sequence = Number(o.sequence);
  let text: string;
  try {
    text = await signFeed(
      {
        consulate: o.consulate,
        day: o.day,
        sequence,
        issuedAt: o.issuedAt ?? new Date().toISOString(),
        tokens,
        revoked: (o.revoke ?? []).flatMap((r) => r.split(',')).filter(Boolean),
      },
      createNodeSigner(pk.key),
    );
  } catch (e) {
    // The content's schema names the field: "day: the consulate-local date, YYYY-MM-DD".
    const issues = (e as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
    const detail = issues ? issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : (e as Error).message;
    return { exitCode: 2, stdout: '', stderr: `cannot sign the feed: ${detail}` };
  }
  if (o.out) {
    writeFileSync(o.out, text + '\n');
    return { exitCode: 0, stdout: JSON.stringify({ out: o.out, tokens: tokens.length, revoked: o.revoke?.length ?? 0, sequence }) };
  }
  return { exitCode: 0, stdout: text };
}
