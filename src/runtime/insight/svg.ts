/**
 * Charts as server-rendered SVG: no script, no network, the same markup in the shared HTML file and
 * on the dashboard. Every chart has a title and a description for screen readers, writes its values
 * as text beside the marks, and tells series apart by dash pattern and marker shape as well as by
 * colour (the Okabe–Ito palette, safe for the common colour-vision deficiencies).
 */

export const PALETTE = { blue: '#0072B2', orange: '#E69F00', green: '#009E73', vermillion: '#D55E00', sky: '#56B4E9', purple: '#CC79A7', grey: '#595959' } as const;

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

function frame(width: number, height: number, title: string, desc: string, body: string): string {
  const id = `c${hash(title + desc)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}t ${id}d" ${FONT}><title id="${id}t">${esc(title)}</title><desc id="${id}d">${esc(desc)}</desc>${body}</svg>`;
}

function hash(s: string): string {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}

export interface Bar {
  label: string;
  value: number;
  /** Printed after the value, e.g. a conversion. */
  note?: string;
}

/** Horizontal bars, widest first as given; the value is written at the end of each bar. */
export function barChart(bars: readonly Bar[], opts: { title: string; desc: string; colour?: string }): string {
  const width = 640;
  const rowH = 30;
  const left = 150;
  const right = 190;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * rowH + 10;
  const body = bars
    .map((b, i) => {
      const y = 5 + i * rowH;
      const w = ((width - left - right) * b.value) / max;
      return `<text x="${left - 8}" y="${y + 19}" text-anchor="end">${esc(b.label)}</text><rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${opts.colour ?? PALETTE.blue}"/><text x="${(left + w + 6).toFixed(1)}" y="${y + 19}">${esc(b.value.toLocaleString('en-US'))}${b.note ? ` · ${esc(b.note)}` : ''}</text>`;
    })
    .join('');
  return frame(width, height, opts.title, opts.desc, body);
}

export interface Series {
  name: string;
  values: readonly (number | null)[];
  colour: string;
  /** SVG stroke-dasharray, '' for solid. */
  dash: string;
  marker: 'circle' | 'square' | 'triangle';
}

function marker(kind: Series['marker'], x: number, y: number, colour: string): string {
  if (kind === 'square') return `<rect x="${(x - 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" width="8" height="8" fill="${colour}"/>`;
  if (kind === 'triangle') return `<path d="M${x.toFixed(1)} ${(y - 5).toFixed(1)}l5 9h-10z" fill="${colour}"/>`;
  return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="4" fill="${colour}"/>`;
}

/** Lines over weeks; gaps where a week has no value. `format` writes the axis and point labels. */
export function lineChart(xLabels: readonly string[], series: readonly Series[], opts: { title: string; desc: string; max?: number; format: (v: number) => string }): string {
  const width = 640;
  const height = 240;
  const left = 64;
  const right = 16;
  const top = 30;
  const bottom = 40;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = opts.max ?? Math.max(1, ...all) * 1.1;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const x = (i: number): number => left + (xLabels.length <= 1 ? plotW / 2 : (plotW * i) / (xLabels.length - 1));
  const y = (v: number): number => top + plotH - (plotH * v) / max;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(opts.format(v))}</text>`);
  }
  const step = Math.max(1, Math.ceil(xLabels.length / 8));
  xLabels.forEach((label, i) => {
    if (i % step === 0 || i === xLabels.length - 1) parts.push(`<text x="${x(i).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle">${esc(label.replace(/^\d{4}-/, ''))}</text>`);
  });
  series.forEach((s, si) => {
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d === '' || s.values[i - 1] === null ? 'M' : 'L'}${x(i).toFixed(1)} ${y(v).toFixed(1)}`;
    });
    if (d !== '') parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}"/>`);
    s.values.forEach((v, i) => {
      if (v !== null) parts.push(`${marker(s.marker, x(i), y(v), s.colour)}<title>${esc(`${s.name}, ${xLabels[i] ?? ''}: ${opts.format(v)}`)}</title>`);
    });
    const lx = left + si * 200;
    parts.push(`<line x1="${lx}" x2="${lx + 28}" y1="12" y2="12" stroke="${s.colour}" stroke-width="2" stroke-dasharray="${s.dash}"/>${marker(s.marker, lx + 14, 12, s.colour)}<text x="${lx + 34}" y="16">${esc(s.name)}</text>`);
  });
  return frame(width, height, opts.title, opts.desc, parts.join(''));
}

export interface Interval {
  label: string;
  rate: number | null;
  low: number | null;
  high: number | null;
  note: string;
}

/** Rates (0–1) as points with their 95% intervals as whiskers, one row each: a calibration plot. */
export function intervalChart(rows: readonly Interval[], opts: { title: string; desc: string }): string {
  const width = 640;
  const rowH = 28;
  const left = 110;
  const right = 170;
  const top = 24;
  const plotW = width - left - right;
  const height = top + rows.length * rowH + 8;
  const x = (v: number): number => left + plotW * v;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    parts.push(`<line x1="${x(t / 4)}" x2="${x(t / 4)}" y1="${top - 6}" y2="${height - 4}" stroke="#ddd"/><text x="${x(t / 4)}" y="${top - 10}" text-anchor="middle">${t * 25}%</text>`);
  }
  rows.forEach((r, i) => {
    const cy = top + i * rowH + rowH / 2;
    parts.push(`<text x="${left - 8}" y="${cy + 4}" text-anchor="end">${esc(r.label)}</text>`);
    if (r.rate !== null && r.low !== null && r.high !== null) {
      parts.push(
        `<line x1="${x(r.low).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${PALETTE.grey}" stroke-width="2"/><line x1="${x(r.low).toFixed(1)}" x2="${x(r.low).toFixed(1)}" y1="${cy - 5}" y2="${cy + 5}" stroke="${PALETTE.grey}"/><line x1="${x(r.high).toFixed(1)}" x2="${x(r.high).toFixed(1)}" y1="${cy - 5}" y2="${cy + 5}" stroke="${PALETTE.grey}"/>${marker('circle', x(r.rate), cy, PALETTE.vermillion)}`,
      );
    }
    parts.push(`<text x="${width - right + 8}" y="${cy + 4}">${esc(r.note)}</text>`);
  });
  return frame(width, height, opts.title, opts.desc, parts.join(''));
}

/** Weekly stacked columns of two counts (e.g. cycles that succeeded and failed); the second is hatched. */
export function stackedColumns(xLabels: readonly string[], a: readonly number[], b: readonly number[], opts: { title: string; desc: string; names: [string, string] }): string {
  const width = 640;
  const height = 220;
  const left = 48;
  const top = 30;
  const bottom = 36;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...a.map((v, i) => v + (b[i] ?? 0)));
  const slot = plotW / Math.max(1, xLabels.length);
  const barW = Math.max(4, slot * 0.6);
  const y = (v: number): number => (plotH * v) / max;
  const parts = [
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${PALETTE.vermillion}"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>`,
    `<rect x="${left}" y="6" width="12" height="12" fill="${PALETTE.sky}"/><text x="${left + 18}" y="16">${esc(opts.names[0])}</text><rect x="${left + 160}" y="6" width="12" height="12" fill="url(#hatch)"/><text x="${left + 178}" y="16">${esc(opts.names[1])}</text>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${max}</text><text x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>`,
  ];
  const step = Math.max(1, Math.ceil(xLabels.length / 8));
  xLabels.forEach((label, i) => {
    const cx = left + slot * i + slot / 2;
    const av = a[i] ?? 0;
    const bv = b[i] ?? 0;
    const base = top + plotH;
    parts.push(`<rect x="${(cx - barW / 2).toFixed(1)}" y="${(base - y(av)).toFixed(1)}" width="${barW.toFixed(1)}" height="${y(av).toFixed(1)}" fill="${PALETTE.sky}"><title>${esc(`${label}: ${opts.names[0]} ${av}`)}</title></rect>`);
    if (bv > 0) parts.push(`<rect x="${(cx - barW / 2).toFixed(1)}" y="${(base - y(av) - y(bv)).toFixed(1)}" width="${barW.toFixed(1)}" height="${y(bv).toFixed(1)}" fill="url(#hatch)"><title>${esc(`${label}: ${opts.names[1]} ${bv}`)}</title></rect>`);
    if (i % step === 0 || i === xLabels.length - 1) parts.push(`<text x="${cx.toFixed(1)}" y="${height - 14}" text-anchor="middle">${esc(label.replace(/^\d{4}-/, ''))}</text>`);
  });
  return frame(width, height, opts.title, opts.desc, parts.join(''));
}
