// serialport loads its native binding (and `debug`) as it is imported: 20–40 ms of a start that may open no
// serial port at all (simulated devices, a printer on TCP). Every driver takes the class from here, on first use
// (issue 14, start-up); the build keeps it in a chunk of its own.
import type { SerialPort } from 'serialport';

let loading: Promise<typeof SerialPort> | undefined;

/** The SerialPort class, imported the first time it is asked for. */
export function loadSerialPort(): Promise<typeof SerialPort> {
  // Node's import of the CommonJS package names SerialPort; the build's chunk (scripts/build-server.js) hands
  // the package's exports over as `default` only.
  loading ??= import('serialport').then((m) => (m.default as Partial<typeof m> | undefined)?.SerialPort ?? m.SerialPort);
  return loading;
}
