// `kiosk setup`: every section in turn on a new config, or one section (--section) on an existing one, then
// one validated, atomic write. Nothing is written before the end: Ctrl-C anywhere leaves the old file as it was.
import { dirname, resolve } from 'node:path';
import { draftProblems, readDraft, writeDraft, type Draft } from './config-file';
import type { Prompter } from './prompter';
import { SECTION_NAMES, SECTIONS, type SectionName, type SetupChecks } from './sections';

export interface WizardOptions {
  file: string;
  section?: string;
  /** --demo: demo mode (test keys accepted, simulated devices allowed). Never otherwise. */
  demo: boolean;
  p: Prompter;
  checks: SetupChecks;
  scanWaitMs?: number;
}

export type WizardResult = { ok: true; file: string; mode: number; sections: SectionName[] } | { ok: false; reason: string };

/** The package's data folder is the journal's when the config is the package's (/etc/consulate-kiosk). */
const PACKAGE_CONFIG_DIR = '/etc/consulate-kiosk';
const PACKAGE_DATA_DIR = '/var/lib/consulate-kiosk';

export async function runWizard(o: WizardOptions): Promise<WizardResult> {
  const file = resolve(o.file);
  const read = readDraft(file);
  if (!read.ok) return { ok: false, reason: read.reason };
  const draft: Draft = read.draft;
  let sections: SectionName[] = [...SECTION_NAMES];
  if (o.section !== undefined) {
    if (!(SECTION_NAMES as readonly string[]).includes(o.section))
      return { ok: false, reason: `no section "${o.section}": one of ${SECTION_NAMES.join(', ')}` };
    if (!read.existed) return { ok: false, reason: `${file} does not exist yet: run kiosk setup without --section first` };
    sections = [o.section as SectionName];
  }
  o.p.say(`Setting up ${file} (${read.existed ? 'changing the existing config' : 'a new config'}). Ctrl-C leaves it as it was.`);
  if (draft.demo === true && !o.demo) o.p.say('This config was in demo mode: setup turns demo mode off (kiosk setup --demo keeps it).');
  // demo defaults to true in the schema (npm start's sample): a kiosk's config says false, always.
  draft.demo = o.demo;
  if (draft.dataDir === undefined && dirname(file) === PACKAGE_CONFIG_DIR) draft.dataDir = PACKAGE_DATA_DIR;
  const ctx = { p: o.p, draft, checks: o.checks, demo: o.demo, scanWaitMs: o.scanWaitMs ?? 20_000 };
  for (const name of sections) await SECTIONS[name](ctx);

  const problems = draftProblems(draft);
  if (problems.length) {
    // A section left something the schema refuses (a field of another section, when one is re-run): say which.
    o.p.say('The config is not complete:');
    for (const e of problems) o.p.say(`  - ${e.field}: ${e.problem}`);
    const missing = SECTION_NAMES.filter((n) => problems.some((e) => sectionOf(e.field) === n));
    return { ok: false, reason: `nothing was written; run kiosk setup${missing.length === 1 ? ` --section ${missing[0]}` : ''} to complete it` };
  }
  const w = writeDraft(file, draft);
  if (!w.ok) return { ok: false, reason: w.reason + (w.errors ? ': ' + w.errors.map((e) => `${e.field}: ${e.problem}`).join('; ') : '') };
  return { ok: true, file, mode: w.mode, sections };
}

function sectionOf(field: string): SectionName | undefined {
  if (/^(consulate|kioskId|languages)/.test(field)) return 'consulate';
  const m = /^devices\.(terminal|printer|scanner)/.exec(field);
  if (m) return m[1] as SectionName;
  if (field.startsWith('auth')) return 'staff';
  if (/^(role|server|post)/.test(field)) return 'links';
  return undefined;
}
