// How bytes reach a printer. A transport says whether it can hear the printer: a one-way USB clone
// cannot, and its status is then "unknown", never "ok".

export type Outcome = { ok: true } | { ok: false; reason: string };

export interface PrinterTransport {
  /** The URL it was made from, for messages: "tcp://192.168.1.50:9100". */
  readonly address: string;
  readonly canReadStatus: boolean;
  /** Opens the connection if needed; resolves once the bytes are handed to the OS (or failed). */
  write(bytes: Uint8Array): Promise<Outcome>;
  /** Bytes from the printer. Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** The connection went away (cable, power, network). The next write reconnects. */
  onLost(listener: (reason: string) => void): () => void;
  close(): Promise<void>;
}
