import { byId, h } from '../lib/dom';

// Filled by the supervisor reports work: day close, figures and charts for a period, CSV and PDF.
byId('app').replaceChildren(h('h1', {}, 'Reports'), h('p', { class: 'muted' }, 'Supervisor reports are being built.'));
