/** A start-up failure the operator can fix; `kiosk start` prints its one line and exits non-zero. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
