// P11: the web server's resident memory (VmRSS of the `next start` process) after a warm-up and
// over 1,000 mixed read requests on the largest run, sampled after every fifth of them.
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { mulberry32 } from "./prng";
import { rssBytes } from "./procfs";
import { round } from "./stats";
import { mixedReads } from "./workload";

const MB = 1024 * 1024;

export async function measureP11(base: string, serverPid: number, runId: string, trials: number, n: number): Promise<Figure> {
  const next = await mixedReads(base, runId, trials);
  const rng = mulberry32(11);
  const statuses: Record<number, number> = {};
  const send = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const r = await request(base, next(rng));
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  };
  await send(200); // warm-up: every route compiled and cached
  const before = rssBytes(serverPid);
  const samples: number[] = [];
  const rounds = 5;
  for (let k = 0; k < rounds; k++) {
    await send(Math.ceil(n / rounds));
    samples.push(rssBytes(serverPid));
  }
  const after = samples[samples.length - 1];
  const peak = Math.max(...samples);
  const growth = (after - before) / before;
  const met = growth <= 0.1 && peak <= 500 * MB;
  const odd = Object.entries(statuses).filter(([status]) => status !== "200");
  const note = odd.length > 0 ? `  [non-200 answers: ${odd.map(([s, c]) => `${c}x ${s}`).join(", ")}]` : "";
  return {
    id: "P11",
    what: `server RSS over ${fmt(n)} mixed requests on a ${fmt(trials)}-trial run`,
    value: round(after / MB, 1),
    baseline: round(before / MB, 1),
    unit: "MB",
    goal: "growth <= 10% over the warmed-up RSS and <= 500 MB in all",
    met,
    line: `P11 server memory: ${fmt(before / MB, 1)} MB after warm-up -> ${fmt(after / MB, 1)} MB after ${fmt(n)} mixed requests (${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)}%, peak ${fmt(peak / MB, 1)} MB) (goal <= +10%, <= 500 MB) ${verdict(met)}${note}`,
    details: { growthPct: round(growth * 100, 2), peakMB: round(peak / MB, 1), samplesMB: samples.map((s) => round(s / MB, 1)), statuses, pid: serverPid },
  };
}
