import Link from "next/link";
import { CompareChart, type CompareSeries } from "@/components/compare/compare-chart";
import { CompareTable } from "@/components/compare/compare-table";
import { FailureRateChart } from "@/components/compare/failure-rate-chart";
import { MatchedBudgetTables } from "@/components/compare/matched-budget-table";
import { comparePath } from "@/components/compare/compare-path";
import { RunPicker } from "@/components/compare/run-picker";
import { VisibleText } from "@/components/ui/visible-text";
import { CompareRunsQuery } from "@/lib/domain/api";
import { isLineageError } from "@/lib/domain/errors";
import { store } from "@/lib/server/store";
import { listRuns } from "@/lib/services/catalog";
import { compareRuns, type RunComparison } from "@/lib/services/compare-runs";

export const dynamic = "force-dynamic";

const PALETTE = ["#2458c6", "#e8710a", "#1b7f3b", "#a142f4", "#b3261e", "#12939a", "#795548", "#d01884", "#455a64", "#f2b400", "#5f6368", "#3f51b5"];

type Search = Record<string, string | string[] | undefined>;

function load(runs: string, ref: string | undefined): { data: RunComparison | null; error: string | null } {
  const parsed = CompareRunsQuery.safeParse({ runs, ref });
  if (!parsed.success) return { data: null, error: `The runs to compare: ${parsed.error.issues[0].message}.` };
  try {
    return { data: compareRuns(store(), parsed.data), error: null };
  } catch (e) {
    if (isLineageError(e) && (e.code === "not_found" || e.code === "invalid_input")) return { data: null, error: e.message };
    throw e;
  }
}

function AllRuns() {
  const runs = listRuns(store());
  if (runs.length === 0) return <p className="empty">No runs yet: import a trace first.</p>;
  return (
    <ul data-testid="compare-start">
      {runs.map((r) => (
        <li key={r.id}>
          <Link href={comparePath([r.id], "trials")}>
            <VisibleText text={r.name} />
          </Link>{" "}
          <span className="muted">
            (<VisibleText text={r.taskName} />, {r.kind})
          </span>
        </li>
      ))}
    </ul>
  );
}

export default async function ComparePage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const runsParam = [search.runs ?? []].flat().join(",");
  const axis = search.x === "time" ? "time" : "trials";
  const refParam = typeof search.ref === "string" ? search.ref : undefined;
  if (!runsParam) {
    return (
      <>
        <h1>Compare runs</h1>
        <p>Pick a run to start; then tick the runs of the same task to overlay.</p>
        <AllRuns />
      </>
    );
  }
  const { data, error } = load(runsParam, refParam);
  if (!data) {
    return (
      <>
        <h1>Compare runs</h1>
        <p className="error-box" role="alert" data-testid="compare-error">
          <VisibleText text={error} />
        </p>
        <AllRuns />
      </>
    );
  }
  const ids = data.runs.map((r) => r.id);
  const colours = new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length]]));
  const hasTime = data.runs.some((r) => r.frontier.hasTime);
  const series: CompareSeries[] = data.runs.map((r) => ({
    id: r.id,
    name: r.name,
    colour: colours.get(r.id)!,
    whyNot: r.frontier.whyNot[axis],
    points: r.frontier.points
      .filter((p) => p.pct !== null && (axis === "trials" || p.t !== null))
      .map((p) => ({ x: axis === "time" ? Math.round(p.t!) : p.seq, pct: p.pct! })),
  }));
  const untimed = axis === "time" ? data.runs.filter((r) => r.frontier.untimed > 0) : [];
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <VisibleText text={data.task.name} /> › compare
      </nav>
      <h1>
        Compare runs of <VisibleText text={data.task.name} />
      </h1>
      <RunPicker key={`${ids.join(",")}|${axis}`} candidates={data.candidates} selected={ids} axis={axis} />
      <h2>At equal budget</h2>
      <MatchedBudgetTables matched={data.matched} ids={ids} axis={axis} direction={data.task.metric.direction} colours={colours} />
      <h2>Best so far, % improvement over each run&apos;s baseline</h2>
      <p role="group" aria-label="Horizontal axis" className="inline-form">
        Along: {axis === "trials" ? <strong>trial count</strong> : <Link href={comparePath(ids, "trials", refParam)}>trial count</Link>} ·{" "}
        {!hasTime ? (
          <span className="muted">wall-clock (no run here records times)</span>
        ) : axis === "time" ? (
          <strong>wall-clock</strong>
        ) : (
          <Link href={comparePath(ids, "time", refParam)}>wall-clock</Link>
        )}
      </p>
      <CompareChart series={series} axis={axis} />
      {untimed.length > 0 ? (
        <p className="muted" data-testid="compare-untimed">
          {untimed.map((r, i) => (
            <span key={r.id}>
              {i > 0 ? "; " : ""}
              <VisibleText text={r.name} />: {r.frontier.untimed} trial{r.frontier.untimed === 1 ? "" : "s"} without a timestamp (placeholder parents or
              recovered rows) placed at the time of the trial before
            </span>
          ))}
          .
        </p>
      ) : null}
      <h2>Failures</h2>
      <FailureRateChart
        windowSize={data.failures.windowSize}
        arms={data.failures.arms.map((a) => ({ ...a, colour: colours.get(a.runIds[0]) ?? PALETTE[0] }))}
      />
      <h2>Final figures</h2>
      <CompareTable runs={data.runs} colours={colours} />
    </>
  );
}
