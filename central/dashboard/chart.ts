// An inline SVG chart of the trends page (issue 16): bars for visitors, a line for those served, no script.
import { esc } from './html';

const W = 720;
const PAD = 30;

/** The x of each period's slot (time runs right to left on an Arabic page) and the y of a value, for a chart H high. */
function frame(count: number, max: number, H: number, rtl: boolean) {
  const step = count > 0 ? (W - 2 * PAD) / count : 0;
  return {
    step,
    x: (i: number) => (rtl ? W - PAD - (i + 1) * step : PAD + i * step),
    y: (v: number) => H - PAD - (v / max) * (H - 2 * PAD),
  };
}

export function trendChart(points: ReadonlyArray<{ bucket: string; visitors: number; served: number }>, o: { title: string; rtl: boolean }): string {
  const H = 240;
  const pad = PAD;
  const max = Math.max(1, ...points.map((p) => p.visitors), ...points.map((p) => p.served));
  const { step, x, y } = frame(points.length, max, H, o.rtl);
  const bars = points
    .map(
      (p, i) =>
        `<rect class="visitors" x="${x(i) + step * 0.1}" y="${y(p.visitors)}" width="${step * 0.8}" height="${H - pad - y(p.visitors)}" fill="#6a9f8a">` +
        `<title>${esc(p.bucket)}: ${p.visitors}</title></rect>`,
    )
    .join('');
  const line = points.map((p, i) => `${x(i) + step / 2},${y(p.served)}`).join(' ');
  const labels = points
    .filter((_, i) => points.length <= 12 || i % Math.ceil(points.length / 12) === 0)
    .map((p) => {
      const i = points.indexOf(p);
      return `<text x="${x(i) + step / 2}" y="${H - 8}" font-size="10" text-anchor="middle">${esc(p.bucket.slice(5))}</text>`;
    })
    .join('');
  return (
    `<svg id="trend-chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#333"/>` +
    `<text x="${o.rtl ? W - pad : pad}" y="14" font-size="11" text-anchor="${o.rtl ? 'end' : 'start'}">${max}</text>` +
    bars +
    `<polyline class="served" points="${line}" fill="none" stroke="#0b3d2e" stroke-width="2"/>` +
    labels +
    '</svg>'
  );
}

/** Bars of the fees collected in dirhams per period (a chart of its own: thousands of dirhams beside tens of visitors). */
export function feesChart(points: ReadonlyArray<{ bucket: string; feesMad: string }>, o: { title: string; rtl: boolean }): string {
  const H = 160;
  const pad = PAD;
  const values = points.map((p) => Number(p.feesMad));
  const max = Math.max(1, ...values);
  const { step, x, y } = frame(points.length, max, H, o.rtl);
  const bars = points
    .map(
      (p, i) =>
        `<rect class="fees" x="${x(i) + step * 0.1}" y="${y(values[i]!)}" width="${step * 0.8}" height="${H - pad - y(values[i]!)}" fill="#b08d3c">` +
        `<title>${esc(p.bucket)}: ${esc(p.feesMad)} MAD</title></rect>`,
    )
    .join('');
  return (
    `<svg id="fees-chart" role="img" aria-label="${esc(o.title)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">` +
    `<line x1="${pad}" y1="${H - pad}" x2="${W - pad}" y2="${H - pad}" stroke="#333"/>` +
    `<text x="${o.rtl ? W - pad : pad}" y="14" font-size="11" text-anchor="${o.rtl ? 'end' : 'start'}">${max} MAD</text>` +
    bars +
    '</svg>'
  );
}
