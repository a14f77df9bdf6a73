// The step indicator on every visitor screen (issue 19 item 13): where the visitor is in the visit, the current step
// marked for screen readers (aria-current="step"). Drawn in the document's direction, so right to left in Arabic.
import { h } from '../lib/dom';
import type { CheckinView } from '../../shared/checkin-api';
import type { KioskWords } from './words';

export const STEPS = ['language', 'identify', 'summary', 'payment', 'ticket'] as const;
export type Step = (typeof STEPS)[number];

/** The step a screen belongs to; null where no visitor is being served (start-up, resuming a visit after a restart). */
export function stepOf(view: Pick<CheckinView, 'screen' | 'visit'>): Step | null {
  const top = view.screen.split('.')[0];
  switch (top) {
    case 'attract':
    case 'language':
      return 'language';
    case 'identify':
    case 'numbersCheck':
    case 'verifying':
    case 'checkingWalkIn':
    case 'pricing':
      return 'identify';
    case 'summary':
    case 'printerCheck':
      return 'summary';
    case 'issuingETimbre':
    case 'paying':
    case 'paymentFailed':
    case 'lockedForStaff':
      return 'payment';
    case 'printing':
    case 'done':
    case 'printFailed':
      return 'ticket';
    case 'error': {
      // An error screen stays in the step the visit had reached: what it holds tells which.
      const v = view.visit;
      if (v.ticket) return 'ticket';
      if (v.payment) return 'payment';
      if (v.quote) return 'summary';
      return 'identify';
    }
    default:
      return null;
  }
}

/** The steps this visit goes through: a free visit pays nothing, so it has no payment step. */
export function stepsOf(view: Pick<CheckinView, 'visit'>): Step[] {
  return view.visit.quote?.payable === false ? STEPS.filter((s) => s !== 'payment') : [...STEPS];
}

export function stepIndicator(view: Pick<CheckinView, 'screen' | 'visit'>, w: KioskWords): HTMLElement | null {
  const current = stepOf(view);
  if (!current) return null;
  const steps = stepsOf(view);
  const at = steps.indexOf(current);
  return h(
    'nav',
    { class: 'steps', 'aria-label': w.stepsLabel },
    h(
      'ol',
      {},
      ...steps.map((s, i) =>
        h(
          'li',
          { class: i < at ? 'step past' : i === at ? 'step current' : 'step', 'data-step': s, ...(i === at ? { 'aria-current': 'step' } : {}) },
          h('span', { class: 'step-number', 'aria-hidden': 'true' }, String(i + 1)),
          h('span', { class: 'step-label' }, w.steps[s]),
        ),
      ),
    ),
  );
}
