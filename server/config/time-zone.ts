// Whether a config's time zone is one this Node knows. The first Intl.DateTimeFormat of a process loads ICU's
// date formats (30–50 ms, a fifth of `kiosk config check`, issue 14); ICU's list of canonical zones costs
// ≈ 3 ms. Names outside that list that DateTimeFormat accepts (aliases such as "UTC" or "US/Eastern", other
// letter cases) are still tried with a formatter, so exactly the names accepted before are accepted.
let canonical: ReadonlySet<string> | undefined;

export function isTimeZone(name: string): boolean {
  canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonical.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
