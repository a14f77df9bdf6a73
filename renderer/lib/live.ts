import { ServerPush, type PushTopic } from '../../shared/api';

export type LinkState = 'connecting' | 'online' | 'offline';

export interface LiveOptions {
  onPush: (msg: ServerPush) => void;
  /** Called on every (re)connection: the page re-reads its state, so a missed push heals itself. */
  onConnected?: () => void;
  onState?: (s: LinkState) => void;
  /** Payloads beyond the pokes every page gets (the board asks for its view: 'board'). */
  topics?: PushTopic[];
}

/** The daemon's WebSocket with reconnection (1 s doubling to 15 s) and a visible link state. */
export function connectLive(opts: LiveOptions): { close: () => void } {
  let ws: WebSocket | null = null;
  let delay = 1000;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    opts.onState?.('connecting');
    const query = opts.topics?.length ? `?topics=${opts.topics.join(',')}` : '';
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws${query}`;
    ws = new WebSocket(url);
    ws.addEventListener('open', () => {
      delay = 1000;
      opts.onState?.('online');
      opts.onConnected?.();
    });
    ws.addEventListener('message', (ev) => {
      const parsed = ServerPush.safeParse(JSON.parse(String(ev.data)));
      if (parsed.success) opts.onPush(parsed.data);
      else console.warn('ignored an unexpected push from the daemon', parsed.error.issues);
    });
    ws.addEventListener('close', () => {
      opts.onState?.('offline');
      if (stopped) return;
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 15_000);
    });
  };
  open();
  return {
    close: () => {
      stopped = true;
      clearTimeout(timer);
      ws?.close();
    },
  };
}
