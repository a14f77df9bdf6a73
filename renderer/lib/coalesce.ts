/**
 * A refresh that never runs twice at once: asked while one runs, it runs once more when that one ends,
 * however often it was asked (pushes arrive in bursts; each page needs the state after the last one).
 */
export function coalesced(run: () => Promise<void>): () => void {
  let pending: Promise<void> | null = null;
  let again = false;
  const schedule = (): void => {
    if (pending) {
      again = true;
      return;
    }
    pending = run().finally(() => {
      pending = null;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  return schedule;
}
