// The one byte-stream shape every serial protocol in drivers/ speaks: a real serial port and an in-memory
// pair look the same, so drivers and simulators never know which one they run over.
import { Listeners } from '../listeners';

export interface ByteStream {
  /** Queues bytes for the other end. Never throws for a closed line: the close listener reports that. */
  write(data: Uint8Array): void;
  /** Subscribes to received chunks (any size, any split). Returns the unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Subscribes to the line going away (port closed, cable pulled, peer closed). */
  onClose(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}

/**
 * Two connected in-memory ends. Each write arrives at the other end as its own chunk on a later macrotask,
 * in order, like bytes crossing a wire: a writer never re-enters its own reader.
 */
export function createDuplexPair(): [ByteStream, ByteStream] {
  const data = [new Listeners<Uint8Array>(), new Listeners<Uint8Array>()] as const;
  const closes = [new Listeners<string>(), new Listeners<string>()] as const;
  let closed = false;
  const end = (me: 0 | 1): ByteStream => {
    const peer = me === 0 ? 1 : 0;
    return {
      write(chunk) {
        if (closed || chunk.length === 0) return;
        const copy = Uint8Array.from(chunk);
        setImmediate(() => {
          if (!closed) data[peer].emit(copy);
        });
      },
      onData: (fn) => data[me].add(fn),
      onClose: (fn) => closes[me].add(fn),
      async close() {
        if (closed) return;
        closed = true;
        closes[0].emit('in-memory line closed');
        closes[1].emit('in-memory line closed');
      },
    };
  };
  return [end(0), end(1)];
}

/** Wraps a stream and counts the bytes crossing it each way (benchmarks, diagnostics). */
export function countingStream(inner: ByteStream): ByteStream & { readonly sent: number; readonly received: number } {
  let sent = 0;
  let received = 0;
  inner.onData((c) => {
    received += c.length;
  });
  return {
    get sent() {
      return sent;
    },
    get received() {
      return received;
    },
    write(data) {
      sent += data.length;
      inner.write(data);
    },
    onData: (fn) => inner.onData(fn),
    onClose: (fn) => inner.onClose(fn),
    close: () => inner.close(),
  };
}
