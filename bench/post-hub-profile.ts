// Where the hub's main thread spends a ticket, from the CPU profile that bench/post-hub-probe.mjs takes of it when
// POST_BENCH_HUB_PROFILE names a file (part 4 of bench/post.bench.ts, issue 14's post scale): the hub's work summed
// under the frames of its allocation path, per ticket of the replay. The names are the functions' own: the build keeps
// them (scripts/build-server.js does not minify), and ./post-hub-profile.test.ts checks that the project's still exist.
import { existsSync, readFileSync } from 'node:fs';
import { summarizeProfile, type CpuProfile, type FrameMatch } from './cpu-profile';

/** What the hub's probe wrote of its profile: the file, and its clock (µs) to the bench's clock() (ms): µs / 1000 + offset. */
export interface HubProfileRef {
  profileTo?: string;
  profileClockOffsetMs?: number;
}

/** The frames the hub's profile is summed under (names as the build keeps them: scripts/build-server.js does not minify). */
export const HUB_FRAMES: FrameMatch[] = [
  { label: 'the group commit (commitWithoutFsync)', functions: ['commitWithoutFsync'] },
  { label: "  in it, the queue's issueTicket", functions: ['issueTicket'] },
  { label: '  in it, journal events (appendEvent)', functions: ['appendEvent'] },
  { label: '  in it, the request key (ticketForRequest, recordRequest)', functions: ['ticketForRequest', 'recordRequest'] },
  // Node's HTTP parser reads the TLS stream natively and calls these; the body's end runs Fastify's parse, hooks and
  // validation up to the handler.
  {
    label: 'requests read (HTTP parser, body, Fastify up to the handler)',
    functions: ['parserOnHeadersComplete', 'parserOnBody', 'parserOnMessageComplete', 'endReadableNT'],
  },
  { label: "  in it, the caller's credential (kioskByCredentialHash)", functions: ['kioskByCredentialHash'] },
  // The guard is async: the body's parse (server/http/route.ts) runs in a microtask after it.
  { label: "the body parsed by its zod schema (zod's safeParse)", functions: ['safeParse'] },
  {
    label: "the answer sent (Fastify's reply: hooks, serialization, the socket write and its completion)",
    functions: ['Reply.send', 'onSendEnd', 'onWriteComplete'],
  },
  { label: '  in it, the socket write (TLS encryption in it)', functions: ['writevGeneric', 'writeGeneric'], url: 'stream_base_commons' },
  { label: "the group's sync handed to the thread pool (group-commit.ts startSync)", functions: ['startSync'] },
  { label: 'garbage collection', functions: ['(garbage collector)'] },
];

/** Where the hub's main thread spent a ticket during [from, to] (clock() ms), from its CPU profile; null without one. */
export function hubProfileLines(p: HubProfileRef, from: number, to: number, tickets: number): string[] | null {
  if (!p.profileTo || p.profileClockOffsetMs === undefined) return null;
  if (!existsSync(p.profileTo)) return [`(no CPU profile in ${p.profileTo}: the hub did not write it)`];
  const profile = JSON.parse(readFileSync(p.profileTo, 'utf8')) as CpuProfile;
  const us = (t: number) => (t - p.profileClockOffsetMs!) * 1000;
  const s = summarizeProfile(profile, HUB_FRAMES, { fromUs: us(from), toUs: us(to) });
  const per = (ms: number) => `${(ms / Math.max(1, tickets)).toFixed(3)} ms`;
  const topLevel = HUB_FRAMES.filter((f) => !f.label.startsWith(' '));
  return [
    `main thread busy ${per(s.busyMs)} a ticket (${tickets} tickets, ${s.samples} samples; the profile: ${p.profileTo}); under:`,
    ...HUB_FRAMES.map((f) => `  ${f.label}: ${per(s.under[f.label] ?? 0)}`),
    // The top-level frames above do not nest in one another (a commit runs from setImmediate, a request from the
    // parser, an answer from a microtask): what they leave is the hub's other work.
    `  the rest (timers, other requests, microtasks, this probe): ${per(s.busyMs - topLevel.reduce((n, f) => n + (s.under[f.label] ?? 0), 0))}`,
    `  most self time: ${s.topSelf.map((x) => `${x.frame} ${per(x.ms)}`).join('; ')}`,
  ];
}
