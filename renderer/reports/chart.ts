// A bar chart drawn as SVG (no chart library): labelled axes, the value above each bar, and a table-like
// accessible name so a screen reader gets the same figures.
const SVG = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

export function barChart(data: Array<{ label: string; value: number }>, opts: { title: string; unit: string; noData: string; empty: string }): SVGSVGElement {
  const w = Math.max(320, data.length * 48 + 60);
  const hgt = 220;
  const top = 24;
  const bottom = 40;
  const left = 40;
  const max = Math.max(1, ...data.map((d) => d.value));
  const plot = hgt - top - bottom;
  const bw = (w - left - 10) / Math.max(1, data.length);
  const svg = el('svg', {
    viewBox: `0 0 ${w} ${hgt}`,
    width: '100%',
    role: 'img',
    class: 'chart',
    'aria-label': `${opts.title}: ${data.map((d) => `${d.label} ${d.value} ${opts.unit}`).join(', ') || opts.noData}`,
  }) as SVGSVGElement;
  svg.append(el('title', {}, opts.title));
  svg.append(el('line', { x1: left, y1: top + plot, x2: w - 5, y2: top + plot, stroke: 'currentColor' }));
  svg.append(el('text', { x: left - 6, y: top + 4, 'text-anchor': 'end', 'font-size': 11 }, String(Math.round(max * 100) / 100)));
  svg.append(el('text', { x: left - 6, y: top + plot, 'text-anchor': 'end', 'font-size': 11 }, '0'));
  data.forEach((d, i) => {
    const bh = (d.value / max) * plot;
    const x = left + i * bw + bw * 0.15;
    svg.append(el('rect', { x, y: top + plot - bh, width: bw * 0.7, height: bh, class: 'bar', 'data-label': d.label, 'data-value': d.value }));
    if (d.value > 0)
      svg.append(el('text', { x: x + bw * 0.35, y: top + plot - bh - 4, 'text-anchor': 'middle', 'font-size': 11 }, String(Math.round(d.value * 100) / 100)));
    svg.append(
      el(
        'text',
        { x: x + bw * 0.35, y: top + plot + 16, 'text-anchor': 'middle', 'font-size': 11 },
        d.label.length > 12 ? d.label.slice(0, 11) + '…' : d.label,
      ),
    );
  });
  if (data.length === 0) svg.append(el('text', { x: w / 2, y: top + plot / 2, 'text-anchor': 'middle', 'font-size': 13 }, opts.empty));
  return svg;
}
