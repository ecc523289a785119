// A plain-SVG horizontal bar chart on a log scale (no library): image sizes from a few MB to
// over 1 GB on one axis without flattening the small ones.

export interface Bar {
  label: string;
  /** bytes; undefined = not measured (drawn as a note) */
  value?: number;
  /** a second value drawn as a tick on the bar (e.g. the stripped binary) */
  marker?: number;
  group: string;
  note?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const palette: Record<string, string> = {
  scratch: '#2b6cb0',
  distroless: '#38a169',
  golang: '#805ad5',
  upx: '#d69e2e',
  seed: '#dd6b20',
};

export function sizeChart(title: string, subtitle: string, bars: Bar[], groupColor: (b: Bar) => string = (b) => palette[b.group] ?? '#718096'): string {
  const MB = 1e6;
  const left = 300;
  const right = 110;
  const plotW = 560;
  const rowH = 18;
  const top = 62;
  const width = left + plotW + right;
  const measured = bars.filter((b) => b.value !== undefined).map((b) => b.value!);
  const lo = measured.length && Math.min(...measured) / 1.15 < 2 * MB ? 1 * MB : 2 * MB;
  const hi = Math.max(2000 * MB, ...measured.map((v) => v * 1.2));
  const x = (v: number) => left + (Math.log10(Math.max(v, lo) / lo) / Math.log10(hi / lo)) * plotW;
  const height = top + bars.length * rowH + 70;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="12" y="20" font-size="15" font-weight="bold">${esc(title)}</text>`);
  out.push(`<text x="12" y="38" fill="#4a5568">${esc(subtitle)}</text>`);
  // grid
  const ticks = [1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].map((t) => t * MB).filter((t) => t >= lo && t <= hi);
  for (const t of ticks) {
    const tx = x(t).toFixed(1);
    out.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${top + bars.length * rowH}" stroke="#e2e8f0"/>`);
    const lab = t >= 1000 * MB ? `${t / (1000 * MB)} GB` : `${t / MB} MB`;
    out.push(`<text x="${tx}" y="${top + bars.length * rowH + 14}" text-anchor="middle" fill="#4a5568">${lab}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${top + bars.length * rowH + 30}" text-anchor="middle" fill="#4a5568">image size (docker image inspect .Size, decimal MB, log scale)</text>`);
  let prevGroupKey = '';
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const key = b.group === 'seed' ? 'seed' : 'ours';
    if (i > 0 && key !== prevGroupKey) out.push(`<line x1="8" y1="${y - 1}" x2="${width - 8}" y2="${y - 1}" stroke="#a0aec0" stroke-dasharray="3,3"/>`);
    prevGroupKey = key;
    out.push(`<text x="${left - 8}" y="${y + 12}" text-anchor="end">${esc(b.label)}</text>`);
    if (b.value === undefined) {
      out.push(`<text x="${left + 4}" y="${y + 12}" fill="#a0aec0" font-style="italic">${esc(b.note ?? 'not measured')}</text>`);
      return;
    }
    const w = Math.max(1, x(b.value) - left);
    out.push(`<rect x="${left}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${groupColor(b)}"><title>${esc(`${b.label}: ${(b.value / MB).toFixed(2)} MB`)}</title></rect>`);
    if (b.marker !== undefined) {
      const mx = x(b.marker).toFixed(1);
      out.push(`<line x1="${mx}" y1="${y + 1}" x2="${mx}" y2="${y + rowH - 1}" stroke="#1a202c" stroke-width="2"><title>${esc(`binary: ${(b.marker / MB).toFixed(2)} MB`)}</title></line>`);
    }
    const lab = b.value >= 1000 * MB ? `${(b.value / (1000 * MB)).toFixed(2)} GB` : `${(b.value / MB).toFixed(2)} MB`;
    out.push(`<text x="${(x(b.value) + 5).toFixed(1)}" y="${y + 12}" fill="#2d3748">${lab}${b.note ? ` · ${esc(b.note)}` : ''}</text>`);
  });
  // legend
  const ly = top + bars.length * rowH + 48;
  const legend: [string, string][] = [
    ['ours: scratch', palette.scratch!],
    ['ours: distroless', palette.distroless!],
    ['ours: golang', palette.golang!],
    ['ours: scratch --upx', palette.upx!],
    ['seed Dockerfiles', palette.seed!],
  ];
  let lx = 12;
  for (const [name, color] of legend) {
    out.push(`<rect x="${lx}" y="${ly}" width="12" height="10" fill="${color}"/><text x="${lx + 16}" y="${ly + 9}">${esc(name)}</text>`);
    lx += 16 + name.length * 6.2 + 14;
  }
  out.push(`<line x1="${lx}" y1="${ly - 1}" x2="${lx}" y2="${ly + 11}" stroke="#1a202c" stroke-width="2"/><text x="${lx + 6}" y="${ly + 9}">binary inside the image</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
