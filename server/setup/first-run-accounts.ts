// The staff accounts of the first-run page: rows of a form without script, added and removed by a round trip
// (the page has no JavaScript: its CSP forbids it). Each row's PIN is typed twice and hashed here as the wizard
// does; a PIN is never sent back to the browser, so a round trip asks for the PINs again.
import { hashPin, PIN_RULE } from '../auth/pin';
import type { FieldError } from '../config/load';

/** The posted form's fields (first-run-page.ts's FormValues, named here so the page can import these rows). */
type FormValues = Record<string, string>;

/** More rows than a post has staff at setup; the rest are added with `kiosk setup --section staff`. */
export const MAX_ACCOUNTS = 12;

/** How many rows the form shows (its hidden `accounts` field), at least one. */
export function accountCount(v: FormValues): number {
  const n = Number(v.accounts);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_ACCOUNTS) : 1;
}

/** The form's values without any PIN: what may go back to the browser. */
export function withoutPins(v: FormValues): FormValues {
  return Object.fromEntries(Object.entries(v).filter(([k]) => !/^pin2?(-\d+)?$/.test(k)));
}

const ROW_FIELDS = ['staffId', 'staffName', 'staffRole'] as const;

/** The rows after "Add a staff account" (`add`) or "Remove staff account N" (`remove-N`, 1-based). */
export function changeRows(v: FormValues, op: string): FormValues {
  const n = accountCount(v);
  const out = withoutPins(v);
  if (op === 'add') return { ...out, accounts: String(Math.min(n + 1, MAX_ACCOUNTS)) };
  const m = /^remove-(\d+)$/.exec(op);
  const gone = m ? Number(m[1]) - 1 : -1;
  if (gone < 0 || gone >= n || n === 1) return out;
  // The rows below the removed one move up one place.
  for (let i = gone; i < n; i++)
    for (const f of ROW_FIELDS) {
      const next = v[`${f}-${i + 1}`];
      if (next === undefined || i === n - 1) delete out[`${f}-${i}`];
      else out[`${f}-${i}`] = next;
    }
  return { ...out, accounts: String(n - 1) };
}

export interface AccountDraft {
  id: string;
  name: string;
  role: string;
  pinHash: string;
}

/** A well-formed hash that matches no PIN: the draft stays checkable by the schema while a PIN is refused. */
const NO_PIN = 'scrypt$1$1$1$AA==$AA==';

/** The accounts of the form, each PIN hashed, and the problems of the PINs (the schema judges the rest). */
export async function accountsFromForm(v: FormValues): Promise<{ accounts: AccountDraft[]; errors: FieldError[] }> {
  const t = (k: string) => (v[k] ?? '').trim();
  const accounts: AccountDraft[] = [];
  const errors: FieldError[] = [];
  for (let i = 0; i < accountCount(v); i++) {
    const pin = t(`pin-${i}`);
    const field = `staff account ${i + 1}, PIN`;
    let pinHash = NO_PIN;
    if (!PIN_RULE.test(pin)) errors.push({ field, problem: 'a PIN is 4 to 12 digits' });
    else if (pin !== t(`pin2-${i}`)) errors.push({ field, problem: 'the two PINs differ' });
    else {
      const h = await hashPin(pin);
      if (h.ok) pinHash = h.hash;
      else errors.push({ field, problem: h.reason });
    }
    accounts.push({ id: t(`staffId-${i}`), name: t(`staffName-${i}`), role: t(`staffRole-${i}`) || 'staff', pinHash });
  }
  return { accounts, errors };
}

/** The wizard's note (server/setup/sections.ts) for a config without a technician: said on the saved page. */
export const noTechnicianNote = (accounts: Array<{ role: unknown }>): string | null =>
  accounts.some((a) => a.role === 'technician')
    ? null
    : 'No technician account: the diagnostics page cannot be opened until one is added (sudo kiosk setup --section staff).';
