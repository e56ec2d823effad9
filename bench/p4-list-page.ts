// P4: the first page of a run's trial list (default limit, keyset) at every size, sizes taken in
// turn request by request; the baseline is the smallest size.
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { round, summarize, type Summary } from "./stats";
import { trialsPath } from "./workload";

const MAX_PAYLOAD = 200 * 1024;

export async function measureP4(base: string, runs: { size: number; runId: string }[], n: number): Promise<Figure> {
  const ms = new Map<number, number[]>(runs.map((r) => [r.size, []]));
  const bytes = new Map<number, number>(runs.map((r) => [r.size, 0]));
  for (let i = -10; i < n; i++) {
    for (const r of runs) {
      const reply = await request(base, trialsPath(r.runId));
      if (reply.status !== 200) throw new Error(`GET ${trialsPath(r.runId)}: ${reply.status}`);
      if (i < 0) continue; // warm-up
      ms.get(r.size)!.push(reply.ms);
      bytes.set(r.size, Math.max(bytes.get(r.size)!, reply.bytes));
    }
  }
  const perSize: Record<string, Summary & { payloadBytes: number }> = {};
  for (const r of runs) perSize[r.size] = { ...summarize(ms.get(r.size)!), payloadBytes: bytes.get(r.size)! };
  const small = perSize[runs[0].size];
  const large = perSize[runs[runs.length - 1].size];
  const ratio = large.median / small.median;
  const maxPayload = Math.max(...bytes.values());
  const met = ratio <= 1.5 && maxPayload <= MAX_PAYLOAD;
  const sizes = runs.map((r) => `${fmt(r.size)}: ${perSize[r.size].median.toFixed(2)} ms`).join(", ");
  return {
    id: "P4",
    what: "first page of the trials list (default limit) by run size",
    value: large.median,
    baseline: small.median,
    unit: "ms",
    goal: `p50 at the largest size <= 1.5x the smallest; payload <= ${MAX_PAYLOAD} bytes at every size`,
    met,
    line:
      `P4 trials list first page p50 ${sizes}; ${fmt(runs[runs.length - 1].size)} = ${ratio.toFixed(2)}x ${fmt(runs[0].size)} (goal <= 1.5x), ` +
      `largest payload ${fmt(maxPayload / 1024, 1)} KB (goal <= 200 KB) ${verdict(met)}`,
    details: { ratio: round(ratio), maxPayloadBytes: maxPayload, perSize },
  };
}
