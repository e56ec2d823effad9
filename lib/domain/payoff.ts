// Which kinds of edit pay off: for each domain, surface or agent, how many proposals it made, how
// many became a new best (hit rate) and how much of the run's improvement they brought (gain), over
// the whole run and window by window; and each agent's expected Δ against the Δ it measured.
//
// Gain is the distance a new best moved the run's best (in the metric's units, always ≥ 0), so the
// groups' gains add up to the run's improvement from its first score to its best. A trial classified
// into several domains shares its gain and its count equally among them, keeping the sums true.
import { markNewBests } from "./frontier";
import type { MetricDirection } from "./trace";

export type PayoffDimension = "domain" | "surface" | "agent";
export const PAYOFF_DIMENSIONS: readonly PayoffDimension[] = ["domain", "surface", "agent"];

/** An evaluated trial of the run, in seq order. `proposal`: it had a parent (the baseline is not one). */
export type PayoffTrial = {
  seq: number;
  agent: string | null;
  surface: string | null;
  domains: string[];
  score: number | null;
  failure: string | null;
  deltaVsParent: number | null;
  expectedDelta: number | null;
  proposal: boolean;
};

export type GroupPayoff = { key: string; proposals: number; newBests: number; hitRate: number | null; gain: number; failures: number };
export type WindowPayoff = { fromSeq: number; toSeq: number; gains: Record<string, number>; hitRates: Record<string, number | null> };
export type Prediction = { seq: number; agent: string; expected: number; measured: number };

export type RunPayoff = {
  by: PayoffDimension;
  totalGain: number;
  groups: GroupPayoff[];
  windows: WindowPayoff[];
  predictions: Prediction[];
};

const NONE = "(none)";

function keysOf(t: PayoffTrial, by: PayoffDimension): string[] {
  if (by === "domain") return t.domains.length ? [...new Set(t.domains)] : [NONE];
  return [(by === "surface" ? t.surface : t.agent) ?? NONE];
}

/** About ten windows of proposals, at least ten proposals each. */
export const windowCount = (proposals: number) => Math.max(1, Math.min(10, Math.floor(proposals / 10)));

export function runPayoff(trials: readonly PayoffTrial[], direction: MetricDirection, by: PayoffDimension): RunPayoff {
  const newBest = markNewBests(trials, direction);
  const gainOf: number[] = [];
  let best: number | null = null;
  trials.forEach((t, i) => {
    gainOf[i] = newBest[i] && best !== null ? Math.abs(t.score! - best) : 0;
    if (newBest[i]) best = t.score;
  });

  const groups = new Map<string, GroupPayoff>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, proposals: 0, newBests: 0, hitRate: null, gain: 0, failures: 0 }));
    return g;
  };
  const proposals = trials.map((t, i) => ({ t, i })).filter(({ t }) => t.proposal);
  const windows = windowCount(proposals.length);
  const perWindow = Math.ceil(proposals.length / windows) || 1;
  const windowStats: { fromSeq: number; toSeq: number; gains: Map<string, number>; hits: Map<string, [number, number]> }[] = [];
  proposals.forEach(({ t, i }, n) => {
    const w = Math.floor(n / perWindow);
    windowStats[w] ??= { fromSeq: t.seq, toSeq: t.seq, gains: new Map(), hits: new Map() };
    const ws = windowStats[w];
    ws.toSeq = t.seq;
    const keys = keysOf(t, by);
    const share = 1 / keys.length;
    for (const key of keys) {
      const g = group(key);
      g.proposals += share;
      if (newBest[i]) g.newBests += share;
      if (t.failure) g.failures += share;
      g.gain += gainOf[i] * share;
      ws.gains.set(key, (ws.gains.get(key) ?? 0) + gainOf[i] * share);
      const [hits, tries] = ws.hits.get(key) ?? [0, 0];
      ws.hits.set(key, [hits + (newBest[i] ? share : 0), tries + share]);
    }
  });
  for (const g of groups.values()) g.hitRate = g.proposals > 0 ? g.newBests / g.proposals : null;
  const keys = [...groups.keys()];
  const predictions = trials
    .filter((t) => t.proposal && t.expectedDelta !== null && t.deltaVsParent !== null && !t.failure)
    .map((t) => ({ seq: t.seq, agent: t.agent ?? NONE, expected: t.expectedDelta!, measured: t.deltaVsParent! }));
  return {
    by,
    totalGain: gainOf.reduce((a, b) => a + b, 0),
    groups: [...groups.values()].sort((a, b) => b.gain - a.gain || b.proposals - a.proposals || a.key.localeCompare(b.key)),
    windows: windowStats.map((ws) => ({
      fromSeq: ws.fromSeq,
      toSeq: ws.toSeq,
      gains: Object.fromEntries(keys.map((k) => [k, ws.gains.get(k) ?? 0])),
      hitRates: Object.fromEntries(keys.map((k) => [k, ws.hits.has(k) ? ws.hits.get(k)![0] / ws.hits.get(k)![1] : null])),
    })),
    predictions,
  };
}
