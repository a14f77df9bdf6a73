// `kiosk diag` without a running daemon: is a network terminal (devices.terminal.port tcp://HOST:PORT) there?
// Only a connect, no ZVT command (the daemon's status enquiry is the real test). Says what the socket showed:
// refused, timed out, unreachable, or accepted and closed again at once — never a cause it cannot see.
import { openTcpStream } from '../../drivers/terminal/index';
import { parseTcpAddress } from '../../shared/terminal-config';

/** How long a terminal that accepted the connection is watched for hanging up again at once. */
export const HANG_UP_WATCH_MS = 300;

export async function reachTcpTerminal(port: string, connectMs = 3000): Promise<{ ok: boolean; detail: string }> {
  const at = parseTcpAddress(port);
  if (!at?.ok) return { ok: false, detail: at ? at.reason : `${port} is not a tcp:// address` };
  const opened = await openTcpStream(at.host, at.port, { connectMs });
  if (!opened.ok) return { ok: false, detail: opened.reason };
  const stream = opened.stream;
  const closedBy = await new Promise<string | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), HANG_UP_WATCH_MS);
    stream.onClose((reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
  if (closedBy !== null) {
    return {
      ok: false,
      detail:
        `${port} accepted the connection and closed it within ${HANG_UP_WATCH_MS} ms without a byte (${closedBy}). ` +
        "The kiosk cannot tell why: another cash register holding the terminal's ECR interface, or a setting it expects (such as TLS); " +
        "check the terminal's ECR-over-IP menu",
    };
  }
  await stream.close();
  return { ok: true, detail: `${port}: the terminal accepts connections (ZVT over TCP/IP; the daemon's status enquiry tests the protocol)` };
}
