"use client";
// The score-curve section of a run's page: the downsampled curve (refreshed by the run's live
// clock while it is live) and how it is viewed, all kept in the URL so a link reproduces the view:
// the x axis (?x=time wall-clock with queue waits, ?x=eval evaluation time; trial number without),
// the y range (robust by default, ?y=full for every score), ?yscale=log, the zoomed window
// (?from=&to=, in x units, set by dragging the brush) and the running line (?smooth=on|off; on by
// default for long runs). A click on a trial opens it.
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { FailureLane, type FailureMark } from "@/components/charts/failure-lane";
import { agentColor } from "@/components/charts/palette";
import { PLOT_INSET, ScoreCurve, type CurveDot, type CurveSeries, type EdgeMark, type FrontierStep } from "@/components/charts/score-curve";
import { XBrush } from "@/components/charts/x-brush";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { useRunCurve } from "@/lib/api/runs";
import type { RunCurve, RunCurveOutline } from "@/lib/domain/api-responses";
import { robustRange, runningMedian, SMOOTH_BY_DEFAULT_FROM, smoothingWindow } from "@/lib/domain/curve-view";
import { formatDuration, formatScore } from "./format";
import { FrontierList } from "./frontier-list";

type Agent = { id: string; name: string };
type XMode = "seq" | "time" | "eval";
/** The whole curve, or the outline it is first drawn from (hypotheses null until the curve comes). */
type Curve = RunCurve | RunCurveOutline;
type Point = Curve["points"][number];

function xModeOf(asked: string | null, c: Curve): XMode {
  if (asked === "time" && c.hasTime) return "time";
  if (asked === "eval" && c.hasQueue && c.points.every((p) => p.tEval !== null)) return "eval";
  return "seq";
}

const xOf = (mode: XMode) => (p: Point) => (mode === "time" ? (p.t ?? 0) : mode === "eval" ? (p.tEval ?? 0) : p.seq);

function buildSeries(curve: Curve, agents: Agent[], mode: XMode) {
  const x = xOf(mode);
  const index = new Map(agents.map((a, i) => [a.id, i]));
  const nameOf = (id: string | null) => (id === null ? "(no agent)" : (agents[index.get(id) ?? -1]?.name ?? id));
  const scored: (CurveDot & { key: string })[] = [];
  const marks: FailureMark[] = [];
  const frontier: FrontierStep[] = [];
  for (const p of curve.points) {
    if (p.failure) {
      marks.push({ id: p.id, x: x(p), seq: p.seq, label: p.failure, agent: nameOf(p.agentId), hypothesis: p.hypothesis });
      continue;
    }
    if (p.score === null) continue;
    scored.push({
      key: p.agentId ?? "",
      id: p.id,
      x: x(p),
      score: p.score,
      seq: p.seq,
      agent: nameOf(p.agentId),
      hypothesis: p.hypothesis,
      newBest: p.newBest,
    });
    if (p.newBest) frontier.push({ x: x(p), best: p.score });
  }
  const xs = curve.points.map(x);
  const extent: [number, number] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  // The frontier holds its level to the last trial drawn.
  if (frontier.length) frontier.push({ x: extent[1], best: frontier[frontier.length - 1].best });
  return { scored, marks, frontier, extent, labels: [...new Set(marks.map((m) => m.label))].sort() };
}

/** The zoomed window from the URL, when it is a real stretch inside the run. */
function windowOf(from: string | null, to: string | null, extent: [number, number]): [number, number] | null {
  if (from === null || to === null) return null;
  const a = Number(from);
  const b = Number(to);
  if (!Number.isFinite(a) || !Number.isFinite(b) || a >= b) return null;
  const lo = Math.max(a, extent[0]);
  const hi = Math.min(b, extent[1]);
  return lo < hi ? [lo, hi] : null;
}

type ViewAsk = { full: boolean; log: boolean; smooth: string | null; window: [number, number] | null };

/** What the chart draws for the asked view: the y range, the trials past it, the series and the running line. */
function viewOf(base: ReturnType<typeof buildSeries>, agents: Agent[], ask: ViewAsk) {
  const domain = ask.window ?? base.extent;
  const inside = base.scored.filter((d) => d.x >= domain[0] && d.x <= domain[1]);
  const scores = inside.map((d) => d.score);
  const bests = base.frontier.filter((f) => f.x >= domain[0] && f.x <= domain[1]).map((f) => f.best);
  const positive = scores.length > 0 && scores.every((s) => s > 0);
  const yRange: [number, number] = (ask.full ? (scores.length ? [Math.min(...scores), Math.max(...scores)] : null) : robustRange(scores, bests)) ?? [0, 1];
  const outliers: EdgeMark[] = [];
  const series = new Map<string, CurveSeries>();
  const index = new Map(agents.map((a, i) => [a.id, i]));
  for (const d of base.scored) {
    if (d.score > yRange[1] || d.score < yRange[0]) {
      outliers.push({ ...d, actual: d.score, side: d.score > yRange[1] ? "above" : "below" });
      continue;
    }
    if (!series.has(d.key)) series.set(d.key, { key: d.key, name: d.agent, color: agentColor(d.key === "" ? -1 : (index.get(d.key) ?? -1)), dots: [] });
    series.get(d.key)!.dots.push(d);
  }
  const smoothOn = ask.smooth === "on" || (ask.smooth !== "off" && base.scored.length >= SMOOTH_BY_DEFAULT_FROM);
  const byX = [...base.scored].sort((a, b) => a.x - b.x || a.seq - b.seq);
  const medians = smoothOn
    ? runningMedian(
        byX.map((d) => d.score),
        smoothingWindow(byX.length),
      )
    : [];
  const smooth = smoothOn ? byX.map((d, i) => ({ x: d.x, smooth: medians[i] })) : null;
  const outlierCount = outliers.filter((o) => o.x >= domain[0] && o.x <= domain[1]).length;
  return { domain, yRange, outliers, outlierCount, series: [...series.values()], smooth, log: ask.log && positive, canLog: positive };
}

/** The overview under the brush: every scored trial, y scaled to the whole run's robust range. */
function brushDots(base: ReturnType<typeof buildSeries>) {
  const r = robustRange(
    base.scored.map((d) => d.score),
    base.frontier.map((f) => f.best),
  );
  if (!r) return [];
  const span = r[1] - r[0] || 1;
  return base.scored.map((d) => ({ x: d.x, y: Math.min(1, Math.max(0, (d.score - r[0]) / span)) }));
}

export function CurvePanel({ runId, agents, initial }: { runId: string; agents: Agent[]; initial: RunCurveOutline }) {
  const router = useRouter();
  const { params, update } = useUrlState();
  const curve = useRunCurve(runId, initial);
  // The outline stays drawn if the whole curve cannot be had: only its hypotheses are missing then.
  const data = curve.data ?? initial;
  const mode = xModeOf(params.get("x"), data);
  const base = useMemo(() => buildSeries(data, agents, mode), [data, agents, mode]);
  const overview = useMemo(() => brushDots(base), [base]);
  const full = params.get("y") === "full";
  const log = params.get("yscale") === "log";
  const smoothAsk = params.get("smooth");
  const win = windowOf(params.get("from"), params.get("to"), base.extent);
  const view = useMemo(
    () => viewOf(base, agents, { full, log, smooth: smoothAsk, window: win }),
    // the window as its two numbers: a new array each render would redo the view for nothing
    [base, agents, full, log, smoothAsk, win?.[0], win?.[1]],
  );
  const open = (id: string) => router.push(`/trials/${encodeURIComponent(id)}`);

  const failed = curve.error ? (
    <p className="error-box" role="alert" data-testid="curve-error">
      Could not load the score curve: {curve.error.message}. It is drawn as the page came, without the trials&apos; hypotheses.
    </p>
  ) : null;
  const c = data;
  if (base.scored.length === 0 && base.marks.length === 0)
    return (
      <p className="muted" data-testid="curve-empty">
        No evaluated trials yet: the curve appears with the first score.
      </p>
    );
  const formatX = mode === "seq" ? (x: number) => String(Math.round(x)) : formatDuration;
  const yLabel = `${c.metric.name}${c.metric.unit ? ` (${c.metric.unit})` : ""} · ${c.metric.direction === "minimize" ? "lower" : "higher"} is better`;
  const xLabel =
    mode === "time"
      ? c.hasQueue
        ? "wall-clock since start (queue waits included)"
        : "wall-clock since start"
      : mode === "eval"
        ? "evaluation time (queue waits left out)"
        : "trial (seq)";
  const round = (v: number) => String(mode === "seq" ? Math.round(v) : Math.round(v * 10) / 10);
  const setWindow = (w: [number, number] | null) => update(w ? { from: round(w[0]), to: round(w[1]) } : { from: null, to: null }, "replace");
  const setMode = (m: XMode) => update({ x: m === "seq" ? null : m, from: null, to: null }, "replace");
  const drawnInside = view.series.reduce((n, s) => n + s.dots.filter((d) => d.x >= view.domain[0] && d.x <= view.domain[1]).length, 0);

  return (
    <div data-testid="score-curve">
      {failed}
      <div className="toolbar">
        <fieldset className="segmented">
          <legend className="sr-only">x axis</legend>
          <label>
            <input type="radio" name="x-axis" checked={mode === "seq"} onChange={() => setMode("seq")} /> by trial
          </label>
          <label>
            <input type="radio" name="x-axis" checked={mode === "time"} disabled={!c.hasTime} onChange={() => setMode("time")} /> by wall-clock time
          </label>
          {c.hasQueue && (
            <label>
              <input type="radio" name="x-axis" checked={mode === "eval"} onChange={() => setMode("eval")} /> by evaluation time
            </label>
          )}
        </fieldset>
        <fieldset className="segmented">
          <legend className="sr-only">y range</legend>
          <label title="the ordinary scores fill the chart; far outliers are drawn as triangles at its edge">
            <input type="radio" name="y-range" checked={!full} onChange={() => update({ y: null }, "replace")} /> robust range
          </label>
          <label>
            <input type="radio" name="y-range" checked={full} onChange={() => update({ y: "full" }, "replace")} /> every score
          </label>
        </fieldset>
        <label title={view.canLog ? undefined : "a log scale needs every score above zero"}>
          <input type="checkbox" checked={view.log} disabled={!view.canLog} onChange={(e) => update({ yscale: e.target.checked ? "log" : null }, "replace")} />{" "}
          log scale
        </label>
        <label>
          <input type="checkbox" checked={view.smooth !== null} onChange={(e) => update({ smooth: e.target.checked ? "on" : "off" }, "replace")} /> running
          median
        </label>
      </div>
      <div className="toolbar">
        <ul className="legend" aria-label="Agents">
          {view.series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.color }} /> <VisibleText text={s.name} />
            </li>
          ))}
          <li>
            <span className="swatch line" /> best so far
          </li>
          {view.smooth && (
            <li>
              <span className="swatch dashed" /> running median
            </li>
          )}
          {view.outlierCount > 0 && (
            <li>
              <span className="swatch edge" /> past the range
            </li>
          )}
        </ul>
        <span className="muted" data-testid="curve-counts">
          {c.downsampled
            ? `${c.points.length.toLocaleString()} of ${c.evaluated.toLocaleString()} trials drawn (every new best kept)`
            : `${c.evaluated.toLocaleString()} trials`}
          {win ? ` · ${drawnInside.toLocaleString()} scored in the window` : ""}
        </span>
      </div>
      <div className="chart-box" data-x-mode={mode} data-x-min={view.domain[0]} data-x-max={view.domain[1]}>
        <ScoreCurve
          series={view.series}
          frontier={base.frontier}
          outliers={view.outliers}
          smooth={view.smooth}
          xLabel={xLabel}
          yLabel={yLabel}
          formatX={formatX}
          formatY={formatScore}
          domain={view.domain}
          yRange={view.yRange}
          logScale={view.log}
          integerX={mode === "seq"}
          onOpen={open}
        />
        {view.outlierCount > 0 && !full ? (
          <p className="curve-note muted" data-testid="curve-outlier-note">
            {view.outlierCount} trial{view.outlierCount === 1 ? "" : "s"} scored past the range shown ({describeOutliers(view.outliers, view.domain)}), drawn as
            triangles at its edge.{" "}
            <button type="button" onClick={() => update({ y: "full" }, "replace")}>
              Show every score
            </button>
          </p>
        ) : null}
        <XBrush extent={base.extent} window={win} dots={overview} formatX={formatX} onChange={setWindow} inset={PLOT_INSET} />
        {base.labels.length > 0 ? <p className="lane-title muted">Failed trials, by label</p> : null}
        <FailureLane
          marks={base.marks.filter((m) => m.x >= view.domain[0] && m.x <= view.domain[1])}
          labels={base.labels}
          domain={view.domain}
          inset={PLOT_INSET}
          onOpen={open}
        />
      </div>
      <FrontierList points={c.points} />
    </div>
  );
}

/** "2.7", or "2.65 … 2.7": the scores past the range in the window. */
function describeOutliers(outliers: EdgeMark[], domain: [number, number]): string {
  const s = outliers.filter((o) => o.x >= domain[0] && o.x <= domain[1]).map((o) => o.actual);
  const lo = Math.min(...s);
  const hi = Math.max(...s);
  return lo === hi ? formatScore(lo) : `${formatScore(lo)} … ${formatScore(hi)}`;
}
