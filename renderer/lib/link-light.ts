import type { LinkState } from './live';

const WORDS: Record<LinkState, string> = { connecting: 'Connecting to the kiosk daemon…', online: 'Connected', offline: 'Offline: reconnecting…' };

/** The small light every page shows for its connection to the daemon. */
export function showLink(el: HTMLElement, state: LinkState, words: Record<LinkState, string> = WORDS): void {
  el.dataset.state = state;
  el.textContent = words[state];
  el.setAttribute('role', 'status');
}
