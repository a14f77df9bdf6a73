import type { WebSocket } from 'ws';
import { ServerPush, type PushTopic } from '../../shared/api';

/**
 * Fan-out of pushes to the connected pages. Every page gets the small pokes (`broadcast`); a page that asked for a
 * topic on connection (`/api/ws?topics=board`) also gets that topic's payloads (`publish`), so a kiosk or a counter
 * never receives the board's view it would ignore. A message is serialized once however many sockets get it.
 * A slow page is dropped rather than buffered forever.
 */
export class PushHub {
  private readonly sockets = new Set<WebSocket>();
  /** Sockets of pages on this PC (loopback peer): only they get the kiosk screen's view. */
  private readonly local = new Set<WebSocket>();
  private readonly byTopic = new Map<PushTopic, Set<WebSocket>>();
  private readonly greeters = new Map<PushTopic, (ws: WebSocket) => void>();
  private static readonly MAX_BUFFERED = 1 << 20;

  /** Registers a page's socket; each topic's greeter (see `onSubscribe`) then sends it that topic's current state. */
  add(ws: WebSocket, topics: ReadonlySet<PushTopic> = new Set(), opts: { local?: boolean } = { local: true }): void {
    this.sockets.add(ws);
    if (opts.local) this.local.add(ws);
    const drop = () => {
      this.sockets.delete(ws);
      this.local.delete(ws);
      for (const set of this.byTopic.values()) set.delete(ws);
    };
    ws.on('close', drop);
    ws.on('error', drop);
    for (const t of topics) {
      let set = this.byTopic.get(t);
      if (!set) this.byTopic.set(t, (set = new Set()));
      set.add(ws);
      this.greeters.get(t)?.(ws);
    }
  }

  /** How a new subscriber of `topic` gets the current state (the queue sends the board view). */
  onSubscribe(topic: PushTopic, greet: (ws: WebSocket) => void): void {
    this.greeters.set(topic, greet);
  }

  /** Sockets subscribed to `topic`: with none, the caller can skip computing the payload at all. */
  subscribers(topic: PushTopic): number {
    return this.byTopic.get(topic)?.size ?? 0;
  }

  send(ws: WebSocket, msg: ServerPush): void {
    ws.send(JSON.stringify(ServerPush.parse(msg)));
  }

  /** To every page; `except` leaves out the sockets of a topic whose payload already carries what `msg` says. */
  broadcast(msg: ServerPush, opts: { except?: PushTopic } = {}): void {
    this.fanOut(this.sockets, msg, opts.except ? this.byTopic.get(opts.except) : undefined);
  }

  /** To the pages of this PC only: the kiosk screen's view never goes to a LAN page (a counter, the board). */
  toScreen(msg: ServerPush): void {
    this.fanOut(this.local, msg);
  }

  /** Sends to the sockets subscribed to `topic` only. */
  publish(topic: PushTopic, msg: ServerPush): void {
    const set = this.byTopic.get(topic);
    if (set?.size) this.fanOut(set, msg);
  }

  private fanOut(to: ReadonlySet<WebSocket>, msg: ServerPush, skip?: ReadonlySet<WebSocket>): void {
    // Encoded once, when the first page is to get it (none: never): a string would be turned into bytes again for every socket.
    let bytes: Buffer | undefined;
    for (const ws of to) {
      if (skip?.has(ws)) continue;
      if (ws.bufferedAmount > PushHub.MAX_BUFFERED) ws.terminate();
      else if (ws.readyState === ws.OPEN) ws.send((bytes ??= Buffer.from(JSON.stringify(ServerPush.parse(msg)))), { binary: false });
    }
  }

  get size(): number {
    return this.sockets.size;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'daemon shutting down');
    this.sockets.clear();
    this.local.clear();
    this.byTopic.clear();
  }
}
