// The one shape of an expected failure (DESIGN.md: failures are values, exceptions are bugs).
//   ok: true  → the caller's payload beside it: `{ ok: true, payment }`;
//   ok: false → `reason`: what went wrong, either a short machine word the caller switches on ('not-found',
//               'in-use') or, where nobody switches, the sentence to show (what was wrong, what to do);
//               `detail`: the human sentence beside a machine word. A failure may carry named payload
//               fields too (the payment it concerns, the lock, the report's check), never another name for
//               these two. test/lint/result-shape.test.ts keeps it so.

export type Ok<T extends object = object> = { ok: true } & T;

export type Fail<R extends string = string, P extends object = object> = { ok: false; reason: R; detail?: string } & P;

export type Result<T extends object = object, R extends string = string> = Ok<T> | Fail<R>;
