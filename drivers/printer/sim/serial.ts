// The virtual printer on a serial port (the far end of a socat pty pair in tests).
import { loadSerialPort } from '../../serial/serialport';
import type { VirtualPrinter } from './virtual-printer';

export async function attachSerial(printer: VirtualPrinter, path: string, baudRate = 38400): Promise<{ close(): Promise<void> }> {
  const SerialPort = await loadSerialPort();
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new Error(`cannot open ${path} for the virtual printer: ${err.message}`)) : resolve())),
  );
  const out = (c: Uint8Array) => port.write(Buffer.from(c));
  printer.on('data', out);
  port.on('data', (c: Buffer) => printer.receive(new Uint8Array(c)));
  port.on('error', () => undefined);
  return {
    close: () =>
      new Promise<void>((r) => {
        printer.off('data', out);
        if (port.isOpen) port.close(() => r());
        else r();
      }),
  };
}
