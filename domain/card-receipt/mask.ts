// Retention rule for card data: the kiosk keeps a masked PAN only, never a full one. Terminals send masked
// receipts, but a misconfigured one may print the whole number; anything that looks like a PAN (13 to 19
// digits, possibly grouped by spaces or dashes, ISO/IEC 7812 lengths) is masked before it is stored or printed,
// keeping the last four digits as card receipts do.
const PAN_LIKE = /\d(?:[ -]?\d){12,18}/g;

/** The line with every PAN-looking digit run masked to its last four digits (separators kept). */
export function maskPans(line: string): string {
  return line.replace(PAN_LIKE, (run) => {
    const digits = run.replace(/\D/g, '').length;
    let seen = 0;
    return run.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
  });
}

export function maskLines(lines: readonly string[]): string[] {
  return lines.map(maskPans);
}
