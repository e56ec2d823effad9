// P3: GET /api/trials/:id against the no-op route GET /api/ping on the same server, interleaved
// request by request so both see the same machine.
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { mulberry32 } from "./prng";
import { summarize } from "./stats";
import { trialPath } from "./workload";

async function timed(base: string, path: string): Promise<number> {
  const r = await request(base, path);
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status}`);
  return r.ms;
}

export async function measureP3(base: string, runId: string, trials: number, n: number): Promise<Figure> {
  const rng = mulberry32(3);
  const pick = () => trialPath(runId, rng.int(1, trials));
  for (let i = 0; i < 20; i++) await Promise.all([timed(base, "/api/ping"), timed(base, pick())]); // warm-up
  const ping: number[] = [];
  const trial: number[] = [];
  for (let i = 0; i < n; i++) {
    ping.push(await timed(base, "/api/ping"));
    trial.push(await timed(base, pick()));
  }
  const t = summarize(trial);
  const p = summarize(ping);
  const added = t.median - p.median;
  const met = added <= 2;
  return {
    id: "P3",
    what: `GET /api/trials/:id (random trials of a ${fmt(trials)}-trial run)`,
    value: t.median,
    baseline: p.median,
    unit: "ms",
    goal: "p50 <= no-op route p50 + 2 ms",
    met,
    line: `P3 trial detail: ${t.median.toFixed(2)} ms p50 (p95 ${t.p95.toFixed(2)}) vs no-op route ${p.median.toFixed(2)} ms p50 = +${added.toFixed(2)} ms (goal <= +2 ms) ${verdict(met)}`,
    details: { addedMs: Math.round(added * 1000) / 1000, trialMs: t, pingMs: p },
  };
}
