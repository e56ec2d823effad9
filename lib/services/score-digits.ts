// How many significant digits a run's figures need so its distinct scores all print apart. The
// answer reads every distinct score of the run (100k numbers at 100k trials), so it is kept per run
// until the run's evaluated count or chain head moves, as the curve's rows are (run-curve.ts);
// computed on every run page and GET /api/runs/<id>, it made the server's heap grow with the run.
import type { Db } from "../../db/client";
import { getRunStats } from "../../db/read-queries";
import { distinctScores } from "../../db/score-queries";
import { distinguishingDigits } from "../domain/number-format";

const cache = new Map<string, { key: string; digits: number }>();
const CACHE_RUNS = 64;

export function runScoreDigits(db: Db, runId: string): number {
  const stats = getRunStats(db, runId);
  const key = stats ? `${stats.evaluatedCount}:${stats.chainSeq}:${stats.chainHead}` : "";
  const hit = cache.get(runId);
  if (hit && hit.key === key) return hit.digits;
  const digits = distinguishingDigits(distinctScores(db, runId));
  cache.delete(runId);
  cache.set(runId, { key, digits });
  if (cache.size > CACHE_RUNS) cache.delete(cache.keys().next().value!);
  return digits;
}
