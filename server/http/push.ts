import type { WebSocket } from 'ws';
import { ServerPush } from '../../shared/api';

/** Fan-out of small pokes to every connected page. A slow page is dropped rather than buffered forever. */
export class PushHub {
  private readonly sockets = new Set<WebSocket>();
  private static readonly MAX_BUFFERED = 1 << 20;

  add(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('error', () => this.sockets.delete(ws));
  }

  send(ws: WebSocket, msg: ServerPush): void {
    ws.send(JSON.stringify(ServerPush.parse(msg)));
  }

  broadcast(msg: ServerPush): void {
    const text = JSON.stringify(ServerPush.parse(msg));
    for (const ws of this.sockets) {
      if (ws.bufferedAmount > PushHub.MAX_BUFFERED) ws.terminate();
      else if (ws.readyState === ws.OPEN) ws.send(text);
    }
  }

  get size(): number {
    return this.sockets.size;
  }

  closeAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'daemon shutting down');
    this.sockets.clear();
  }
}
