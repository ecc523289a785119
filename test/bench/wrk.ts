// wrk output parsing.

export interface WrkResult {
  rps: number;
  requests: number;
  /** latency percentiles in ms */
  p50: number;
  p90: number;
  p99: number;
  non2xx: number;
  socketErrors: number;
  raw: string;
}

function toMs(v: string, unit: string): number {
  const n = Number(v);
  switch (unit) {
    case 'us':
      return n / 1000;
    case 'ms':
      return n;
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    default:
      throw new Error(`unknown wrk time unit ${unit}`);
  }
}

export function parseWrk(out: string): WrkResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`wrk output has no ${p}% latency:\n${out}`);
    return toMs(m[1]!, m[2]!);
  };
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(out);
  const reqs = /^\s*(\d+) requests in/m.exec(out);
  if (!rps || !reqs) throw new Error(`unexpected wrk output:\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const se = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = se ? se.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return { rps: Number(rps[1]), requests: Number(reqs[1]), p50: pct('50'), p90: pct('90'), p99: pct('99'), non2xx, socketErrors, raw: out };
}
