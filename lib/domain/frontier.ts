// The best-so-far frontier of a run: which trials were new bests (in seq order), and how much of
// the run's total improvement each agent's new bests contributed.
import type { MetricDirection } from "./trace";
import { isBetter } from "./scores";

export type Scored = { score: number | null; failure: string | null };

/** For trials in seq order: true where a trial beat every earlier scored trial (the first scored one counts). */
export function markNewBests(points: readonly Scored[], direction: MetricDirection): boolean[] {
  let best: number | null = null;
  return points.map((p) => {
    if (p.failure || p.score === null || !isBetter(p.score, best, direction)) return false;
    best = p.score;
    return true;
  });
}

export type NewBest = { agentId: string | null; score: number };

/**
 * Each agent's share of the run's total improvement, from its new bests in seq order: a new best
 * gains the distance from the previous best. The first new best (the baseline) gains nothing.
 * Shares sum to 1 when the run improved at all; an empty map otherwise.
 */
export function improvementShares(newBests: readonly NewBest[]): Map<string | null, number> {
  const gains = new Map<string | null, number>();
  let total = 0;
  for (let i = 1; i < newBests.length; i++) {
    const gain = Math.abs(newBests[i].score - newBests[i - 1].score);
    total += gain;
    gains.set(newBests[i].agentId, (gains.get(newBests[i].agentId) ?? 0) + gain);
  }
  if (total === 0) return new Map();
  return new Map([...gains].map(([agent, g]) => [agent, g / total]));
}
