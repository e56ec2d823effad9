// P5: GET /api/runs/:id/curve on the largest run. The answer is checked against the generated data
// itself (regenerated from the same seed, not read back from the app): at most 2,000 points, the
// first and last evaluated trial, and every new best (the frontier) present and marked.
import { runIdOf } from "./p1-ingest";
import { runTrials, trialIdOf } from "./data";
import { fmt, verdict, type Figure } from "./figure";
import { request } from "./http";
import { summarize } from "./stats";

const MAX_POINTS = 2000;
const P95_MS = 50;

export type CurveAnswer = { evaluated: number; downsampled: boolean; points: { id: string; newBest: boolean }[] };

/** Ids of the run's new bests in seq order, and its first and last evaluated trial (bench tasks minimise). */
function expectedFrontier(size: number): { newBests: string[]; first: string; last: string; evaluated: number } {
  const runId = runIdOf(size);
  let best = Infinity;
  let evaluated = 0;
  const newBests: string[] = [];
  for (const t of runTrials({ runId, trials: size, seed: size })) {
    evaluated++;
    if (t.failure || typeof t.score !== "number") continue;
    if (t.score < best) {
      best = t.score;
      newBests.push(t.id as string);
    }
  }
  return { newBests, first: trialIdOf(runId, 1), last: trialIdOf(runId, size), evaluated };
}

export function checkCurve(curve: CurveAnswer, size: number): { problems: string[]; newBests: number; kept: number } {
  const want = expectedFrontier(size);
  const byId = new Map(curve.points.map((p) => [p.id, p]));
  const problems: string[] = [];
  if (curve.points.length > MAX_POINTS) problems.push(`${curve.points.length} points sent`);
  if (curve.evaluated !== want.evaluated) problems.push(`evaluated ${curve.evaluated}, the data has ${want.evaluated}`);
  for (const id of [want.first, want.last]) if (!byId.has(id)) problems.push(`${id} (first/last) missing`);
  const missing = want.newBests.filter((id) => !byId.get(id)?.newBest);
  if (missing.length) problems.push(`${missing.length} of ${want.newBests.length} new bests missing or unmarked (first: ${missing[0]})`);
  const marked = curve.points.filter((p) => p.newBest).length;
  if (marked !== want.newBests.length) problems.push(`${marked} points marked new best, the data has ${want.newBests.length}`);
  return { problems, newBests: want.newBests.length, kept: want.newBests.length - missing.length };
}

export async function measureP5(base: string, size: number, reps: number): Promise<Figure> {
  const path = `/api/runs/${encodeURIComponent(runIdOf(size))}/curve`;
  const get = async (keepText = false) => {
    const r = await request(base, path, { keepText });
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    return r;
  };
  const cold = await get(true); // the first read after start fills the server's per-run cache
  const check = checkCurve(JSON.parse(cold.text) as CurveAnswer, size);
  for (let i = 0; i < 10; i++) await get();
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < reps; i++) {
    const r = await get();
    ms.push(r.ms);
    bytes = Math.max(bytes, r.bytes);
  }
  const s = summarize(ms);
  const points = (JSON.parse(cold.text) as CurveAnswer).points.length;
  const met = s.p95 <= P95_MS && check.problems.length === 0;
  return {
    id: "P5",
    what: `GET /api/runs/:id/curve of a ${fmt(size)}-trial run`,
    value: s.p95,
    baseline: null,
    unit: "ms",
    goal: `<= ${fmt(MAX_POINTS)} points, frontier and every new best kept; p95 <= ${P95_MS} ms`,
    met,
    line:
      `P5 score-curve data at ${fmt(size)}: ${fmt(points)} points (goal <= ${fmt(MAX_POINTS)}), new bests kept ${check.kept}/${check.newBests}` +
      `${check.problems.length ? ` PROBLEMS: ${check.problems.join("; ")}` : ""}, ${fmt(bytes / 1024, 1)} KB; ` +
      `p50 ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms (goal <= ${P95_MS} ms; first read after start ${fmt(cold.ms, 1)} ms) ${verdict(met)}`,
    details: {
      points,
      newBests: check.newBests,
      newBestsKept: check.kept,
      problems: check.problems,
      payloadBytes: bytes,
      coldMs: Math.round(cold.ms * 1000) / 1000,
      ms: s,
    },
  };
}
