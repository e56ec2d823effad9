// P2: ingest over HTTP, POST /api/trace with application/x-ndjson bodies of 1,000 trials each,
// against P1's raw rows/s. Bodies are built before each request's clock starts.
import { env } from "../lib/env";
import { countTrials, toJsonl, traceBatches } from "./data";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { BATCH } from "./p1-ingest";
import { median, round, summarize } from "./stats";

async function post(base: string, body: string): Promise<number> {
  const token = env().LINEAGE_TOKEN;
  const r = await request(base, "/api/trace", {
    method: "POST",
    body,
    keepText: true,
    headers: {
      "Content-Type": "application/x-ndjson",
      "Content-Length": String(Buffer.byteLength(body)),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
  });
  if (r.status !== 201) throw new Error(`POST /api/trace: ${r.status} ${r.text.slice(0, 300)}`);
  return r.ms;
}

export async function measureP2(base: string, rawRowsPerSec: number, batches: number): Promise<Figure> {
  for (const records of traceBatches({ runId: "bench-p2-warmup", trials: BATCH, seed: 21 }, BATCH)) await post(base, toJsonl(records));
  const rates: number[] = [];
  const ms: number[] = [];
  let bytes = 0;
  for (const records of traceBatches({ runId: "bench-p2", trials: batches * BATCH, seed: 2 }, BATCH)) {
    const body = toJsonl(records);
    bytes += Buffer.byteLength(body);
    const t = await post(base, body);
    ms.push(t);
    rates.push((countTrials(records) * 1000) / t);
  }
  const value = median(rates);
  const ratio = value / rawRowsPerSec;
  const met = ratio >= 0.4;
  const s = summarize(ms);
  return {
    id: "P2",
    what: `POST /api/trace (application/x-ndjson, ${BATCH} trials per request)`,
    value: Math.round(value),
    baseline: Math.round(rawRowsPerSec),
    unit: "rows/s",
    goal: ">= 0.4x P1's raw rows/s",
    met,
    line:
      `P2 ingest over HTTP: ${fmt(value)} rows/s = ${ratio.toFixed(2)}x raw ${fmt(rawRowsPerSec)} rows/s (goal >= 0.4x) ${verdict(met)}` +
      `  [median of ${ms.length} requests of ${BATCH}; request p50/p95 ${fmt(s.median)}/${fmt(s.p95)} ms, ${fmt(bytes / ms.length / 1024 / 1024, 1)} MB each]`,
    details: { ratio: round(ratio), requestMs: s, requests: ms.length, meanBodyBytes: Math.round(bytes / ms.length) },
  };
}
