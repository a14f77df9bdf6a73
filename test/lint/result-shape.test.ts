// One Result shape (shared/result.ts): a failed result says what went wrong in `reason` (and `detail`), never
// in `code`, `message`, `problem` or `error`. This scans every object literal and type literal holding
// `ok: false` (one line or many) and lists the fields that are neither these two nor a known payload.
import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from '../support/daemon';

/** Named data a failure may carry beside its reason (what it is about), one word each. */
const PAYLOAD = new Set([
  ...['outcome', 'retryAsNewPayment', 'payment', 'open', 'lock', 'approval', 'stage', 'refused', 'state', 'attempts', 'status', 'fields'],
  ...['kid', 'consulate', 'expected', 'appointment', 'services', 'service', 'opensAt', 'closedAt', 'usedAt', 'kioskId', 'retryAfterSeconds'],
  ...['check', 'close', 'pending', 'missing', 'count', 'brokenAt', 'keyProblem', 'anchor', 'warnings', 'payments', 'file', 'port', 'data'],
  ...['typedCode', 'errors', 'body', 'result', 'json'],
  // A refund refused or failed: the refund it concerns, what is left of the payment to refund.
  ...['refund', 'refundable'],
  // A ticket the queue would not cancel, or a refunded visit's ticket left in the queue: the ticket it concerns.
  ...['ticket', 'ticketId'],
  // A hub's refusal of a kiosk's events (where the kiosk must resume, where its chain forked) and of a revoked kiosk.
  ...['acceptedThrough', 'expectedFrom', 'forkAt', 'recorded', 'inserted', 'duplicates', 'at', 'revokedAt'],
  // A kiosk refused numbers because its clock is off the hub's: by how much, and what the post allows.
  ...['skewSeconds', 'skewMs', 'maxSkewSeconds'],
  // A bundle refused by a post (the version it claims), a chain whose keyed links were said to start elsewhere (where).
  ...['version', 'atId'],
  // An allocation that threw inside a group commit (a bug): carried back to its own request, which re-throws it.
  ...['thrown'],
  // Not results but rows and reports with an ok flag: a diagnostics check, a scan watch entry, a backup's check, the journal's verification.
  ...['name', 'kind', 'summary', 'problems', 'bytes', 'schemaVersion', 'events', 'lastEventId', 'lastEventHash'],
]);

/**
 * HTTP answers and CLI output whose field names are a published contract (the pages' shared/*-api.ts schemas,
 * the --json of a command), kept as they are: they are answers built from results, not results. Objects given
 * to `reply.send(…)` are answers too and are not scanned.
 */
const WIRE: Record<string, string[]> = {
  // ActionResult { ok, message, data } of shared/diagnostics-api.ts: the technician reads `message`.
  'server/diagnostics/device-tests.ts': ['message'],
  // The card receipt's reprint answers the diagnostics page with the same ActionResult (issue 17).
  'server/diagnostics/card-receipt.ts': ['message'],
  'test/diagnostics/routes.test.ts': ['message'],
  'test/diagnostics/switch.test.ts': ['message'],
  // The same ActionResult answered by the declared routes' bad-input handlers, and a daemon answer the client test plays.
  'server/diagnostics/routes.ts': ['message'],
  'renderer/lib/api.test.ts': ['message'],
  // The day-close print answer `printed: { ok, message }` the reports page shows.
  'server/reports/routes.ts': ['message'],
  // `kiosk pay --json` and `kiosk pay settle`: { ok: false, code, reason } (the refusal's word and sentence).
  'server/commands/pay.ts': ['code'],
  'test/chaos/payment-cli.test.ts': ['code'],
  // `kiosk print --json` and `kiosk sim scanner`: { ok: false, error }.
  'server/commands/print.ts': ['error'],
  'server/commands/sim-scanner.ts': ['error'],
  // A simulated printer's console command answers { ok, message }, logged as a JSON line.
  'server/commands/sim-printer.ts': ['message'],
};

const FOLDERS = ['bench', 'bin', 'domain', 'drivers', 'electron', 'fixtures', 'renderer', 'server', 'shared', 'state', 'store', 'test'];
const SKIP = new Set(['node_modules', 'dist', 'fixtures/lint']);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (SKIP.has(e.name) || [...SKIP].some((s) => p.endsWith(s))) continue;
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) yield p;
  }
}

const isFalse = (m: ts.Node): boolean =>
  (ts.isPropertyAssignment(m) && m.initializer.kind === ts.SyntaxKind.FalseKeyword) ||
  (ts.isPropertySignature(m) && m.type?.kind === ts.SyntaxKind.LiteralType && (m.type as ts.LiteralTypeNode).literal.kind === ts.SyntaxKind.FalseKeyword);

const nameOf = (m: ts.Node): string | null =>
  (ts.isPropertyAssignment(m) || ts.isPropertySignature(m) || ts.isShorthandPropertyAssignment(m)) && !ts.isComputedPropertyName(m.name!)
    ? m.name!.getText()
    : null;

const isSendArgument = (n: ts.Node): boolean =>
  ts.isCallExpression(n.parent) && ts.isPropertyAccessExpression(n.parent.expression) && n.parent.expression.name.text === 'send';

/** `file:line field` for every field of an `ok: false` literal that is not reason, detail or payload. */
export function strayFields(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const wire = WIRE[file] ?? [];
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    const members: readonly ts.Node[] | null = ts.isObjectLiteralExpression(n)
      ? n.properties
      : ts.isTypeLiteralNode(n) || ts.isInterfaceDeclaration(n)
        ? n.members
        : null;
    if (members && members.some((m) => nameOf(m) === 'ok' && isFalse(m)) && !isSendArgument(n)) {
      for (const m of members) {
        const name = nameOf(m);
        if (name === null || name === 'ok' || name === 'reason' || name === 'detail' || PAYLOAD.has(name) || wire.includes(name)) continue;
        out.push(`${file}:${sf.getLineAndCharacterOfPosition(m.getStart(sf)).line + 1} ${name}`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe('failed results say why in `reason` and `detail` (shared/result.ts)', () => {
  it('no failed result in the source names its reason otherwise', () => {
    const stray = FOLDERS.flatMap((f) => [...sources(join(ROOT, f))]).flatMap((p) => {
      const file = relative(ROOT, p).split('\\').join('/');
      return file === 'test/lint/result-shape.test.ts' ? [] : strayFields(file, readFileSync(p, 'utf8'));
    });
    expect(stray, 'rename these fields to reason (a machine word or the sentence) and detail (the sentence beside a word)').toEqual([]);
  });

  it('finds code, message, problem and error, on one line or many, in values and in types', () => {
    const probe = [
      `const a = { ok: false, code: 'x', message: 'y' };`,
      `type B = { ok: true } | { ok: false; problem: string };`,
      `function c() {\n  return {\n    ok: false,\n    error: 'z',\n  };\n}`,
      `const d = { ok: false, reason: 'fine', detail: 'fine', payment: 1 };`,
      `reply.send({ ok: false, message: 'an HTTP answer' });`,
      `interface E {\n  ok: false;\n  message: string;\n}`,
    ].join('\n');
    expect(strayFields('server/probe.ts', probe)).toEqual([
      'server/probe.ts:1 code',
      'server/probe.ts:1 message',
      'server/probe.ts:2 problem',
      'server/probe.ts:6 error',
      'server/probe.ts:13 message',
    ]);
  });
});
