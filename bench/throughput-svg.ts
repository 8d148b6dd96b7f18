// A hand-written SVG of issuance rate against concurrency: one panel per CA key type, one
// polyline per system. Logarithmic axes, because the two systems differ by orders of magnitude
// and a linear axis would flatten the slower one onto zero.

/** One system's series in a panel. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly { x: number; y: number }[];
}

/** One panel (a CA key type). */
export interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders the panels side by side; x values are concurrencies, y values certificates/s. */
export function throughputSvg(panels: readonly Panel[], caption: string): string {
  const pw = 360;
  const ph = 300;
  const m = { left: 64, right: 44, top: 36, bottom: 80 };
  const width = panels.length * pw;
  const height = ph + 24;
  const all = panels.flatMap((p) => p.series.flatMap((s) => s.points));
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => Math.max(1, p.y));
  const xMin = Math.log2(Math.min(...xs));
  const xMax = Math.log2(Math.max(...xs));
  // y range: whole decades around the data.
  const yMin = Math.floor(Math.log10(Math.min(...ys)));
  const yMax = Math.ceil(Math.log10(Math.max(...ys)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  panels.forEach((panel, i) => {
    const x0 = i * pw + m.left;
    const x1 = (i + 1) * pw - m.right;
    const y0 = ph - m.bottom;
    const y1 = m.top;
    const sx = (x: number): number => x0 + ((Math.log2(x) - xMin) / Math.max(1e-9, xMax - xMin)) * (x1 - x0);
    const sy = (y: number): number => y0 - ((Math.log10(Math.max(1, y)) - yMin) / Math.max(1e-9, yMax - yMin)) * (y0 - y1);
    out.push(`<text x="${(x0 + x1) / 2}" y="20" text-anchor="middle" font-size="13" font-weight="bold">${esc(panel.title)}</text>`);
    // Axes, with grid lines at each decade and at each measured concurrency.
    out.push(`<line x1="${x0}" y1="${y0}" x2="${x1}" y2="${y0}" stroke="black"/>`, `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y1}" stroke="black"/>`);
    for (let d = yMin; d <= yMax; d++) {
      const y = sy(10 ** d);
      out.push(`<line x1="${x0}" y1="${y}" x2="${x1}" y2="${y}" stroke="#ddd"/>`, `<text x="${x0 - 6}" y="${y + 4}" text-anchor="end">${(10 ** d).toLocaleString('en-US')}</text>`);
    }
    for (const c of [...new Set(xs)].sort((a, b) => a - b)) {
      const x = sx(c);
      out.push(`<line x1="${x}" y1="${y0}" x2="${x}" y2="${y0 + 4}" stroke="black"/>`, `<text x="${x}" y="${y0 + 16}" text-anchor="middle">${c}</text>`);
    }
    out.push(`<text x="${(x0 + x1) / 2}" y="${y0 + 34}" text-anchor="middle">concurrency (clients in flight)</text>`);
    out.push(`<text transform="translate(${x0 - 48},${(y0 + y1) / 2}) rotate(-90)" text-anchor="middle">certificates / s (log scale)</text>`);
    panel.series.forEach((s, k) => {
      const pts = s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
      for (const p of s.points) {
        out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="3" fill="${s.color}"/>`);
        out.push(`<text x="${(sx(p.x) + 4).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}" fill="${s.color}">${Math.round(p.y)}</text>`);
      }
      // Legend below the axis, where it cannot cover a line.
      const ly = y0 + 50 + k * 14;
      out.push(`<line x1="${x0 + 10}" y1="${ly}" x2="${x0 + 30}" y2="${ly}" stroke="${s.color}" stroke-width="2"/>`, `<text x="${x0 + 36}" y="${ly + 4}">${esc(s.label)}</text>`);
    });
  });
  out.push(`<text x="${width / 2}" y="${height - 8}" text-anchor="middle" fill="#444">${esc(caption)}</text>`, '</svg>');
  return out.join('\n') + '\n';
}
