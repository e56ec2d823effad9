"use client";
// The score-curve section of a run's page: the downsampled curve (refreshed by the run's live
// clock while it is live), switches the x axis between trial number and wall-clock time (kept in the
// URL as ?x=time), and opens a trial on click.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { FailureLane, type FailureMark } from "@/components/charts/failure-lane";
import { agentColor } from "@/components/charts/palette";
import { ScoreCurve, type CurveSeries, type FrontierStep } from "@/components/charts/score-curve";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { useRunCurve } from "@/lib/api/runs";
import type { RunCurve } from "@/lib/domain/api-responses";
import { formatDuration, formatScore } from "./format";

type Agent = { id: string; name: string };

function buildSeries(curve: RunCurve, agents: Agent[], byTime: boolean) {
  const index = new Map(agents.map((a, i) => [a.id, i]));
  const nameOf = (id: string | null) => (id === null ? "(no agent)" : (agents[index.get(id) ?? -1]?.name ?? id));
  const series = new Map<string, CurveSeries>();
  const marks: FailureMark[] = [];
  const frontier: FrontierStep[] = [];
  for (const p of curve.points) {
    const x = byTime ? (p.t ?? 0) : p.seq;
    if (p.failure) {
      marks.push({ id: p.id, x, seq: p.seq, label: p.failure, agent: nameOf(p.agentId), hypothesis: p.hypothesis });
      continue;
    }
    if (p.score === null) continue;
    const key = p.agentId ?? "";
    if (!series.has(key))
      series.set(key, { key, name: nameOf(p.agentId), color: agentColor(p.agentId === null ? -1 : (index.get(p.agentId) ?? -1)), dots: [] });
    series.get(key)!.dots.push({ id: p.id, x, score: p.score, seq: p.seq, agent: nameOf(p.agentId), hypothesis: p.hypothesis, newBest: p.newBest });
    if (p.newBest) frontier.push({ x, best: p.score });
  }
  const xs = curve.points.map((p) => (byTime ? (p.t ?? 0) : p.seq));
  const domain: [number, number] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  // The frontier holds its level to the last trial drawn.
  if (frontier.length) frontier.push({ x: domain[1], best: frontier[frontier.length - 1].best });
  return { series: [...series.values()], marks, frontier, domain, labels: [...new Set(marks.map((m) => m.label))].sort() };
}

export function CurvePanel({ runId, agents, initial }: { runId: string; agents: Agent[]; initial: RunCurve }) {
  const router = useRouter();
  const { params, update } = useUrlState();
  const curve = useRunCurve(runId, initial);
  const byTime = params.get("x") === "time" && !!curve.data?.hasTime;
  const view = useMemo(() => (curve.data ? buildSeries(curve.data, agents, byTime) : null), [curve.data, agents, byTime]);
  const open = (id: string) => router.push(`/trials/${encodeURIComponent(id)}`);

  if (curve.error)
    return (
      <p className="error-box" role="alert">
        Could not load the score curve: {curve.error.message}
      </p>
    );
  if (!curve.data || !view) return <p className="muted">Loading the score curve…</p>;
  const c = curve.data;
  if (view.series.length === 0 && view.marks.length === 0)
    return (
      <p className="muted" data-testid="curve-empty">
        No evaluated trials yet: the curve appears with the first score.
      </p>
    );
  const formatX = byTime ? formatDuration : (x: number) => String(Math.round(x));
  const yLabel = `${c.metric.name}${c.metric.unit ? ` (${c.metric.unit})` : ""} · ${c.metric.direction === "minimize" ? "lower" : "higher"} is better`;

  return (
    <div data-testid="score-curve">
      <div className="toolbar">
        <fieldset className="segmented">
          <legend className="sr-only">x axis</legend>
          <label>
            <input type="radio" name="x-axis" checked={!byTime} onChange={() => update({ x: null }, "replace")} /> by trial
          </label>
          <label>
            <input type="radio" name="x-axis" checked={byTime} disabled={!c.hasTime} onChange={() => update({ x: "time" }, "replace")} /> by wall-clock time
          </label>
        </fieldset>
        <ul className="legend" aria-label="Agents">
          {view.series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.color }} /> <VisibleText text={s.name} />
            </li>
          ))}
          <li>
            <span className="swatch line" /> best so far
          </li>
        </ul>
        <span className="muted">
          {c.downsampled
            ? `${c.points.length.toLocaleString()} of ${c.evaluated.toLocaleString()} trials drawn (every new best kept)`
            : `${c.evaluated.toLocaleString()} trials`}
        </span>
      </div>
      <div className="chart-box" data-x-mode={byTime ? "time" : "seq"}>
        <ScoreCurve
          series={view.series}
          frontier={view.frontier}
          xLabel={byTime ? "wall-clock since start" : "trial (seq)"}
          yLabel={yLabel}
          formatX={formatX}
          formatY={formatScore}
          domain={view.domain}
          integerX={!byTime}
          onOpen={open}
        />
        {view.labels.length > 0 ? <p className="lane-title muted">Failed trials, by label</p> : null}
        <FailureLane marks={view.marks} labels={view.labels} domain={view.domain} formatX={formatX} onOpen={open} />
      </div>
      <details className="frontier-list">
        <summary>New bests ({c.points.filter((p) => p.newBest).length}, the first is the baseline)</summary>
        <ol>
          {c.points
            .filter((p) => p.newBest)
            .map((p) => (
              <li key={p.id}>
                <Link href={`/trials/${encodeURIComponent(p.id)}`}>#{p.seq}</Link> {formatScore(p.score)} — <VisibleText text={p.hypothesis} />
              </li>
            ))}
        </ol>
      </details>
    </div>
  );
}
