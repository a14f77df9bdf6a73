// CSV exports of the network table and a post's drill-down (issue 16): RFC 4180 quoting, figures as plain numbers
// (minor units and decimal dirhams) so a spreadsheet sums them; a cell that starts like a formula is quoted with '.
const cell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csv = (head: string[], rows: unknown[][]): string => [head, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
