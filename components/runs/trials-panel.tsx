"use client";
// A run's trials: filters, sort and page cursor live in the URL and go straight to the keyset
// API (GET /api/runs/:id/trials), so a 100,000-trial run pages as fast as a small one.
import Link from "next/link";
import { useEffect, useState } from "react";
import { DirectionLabel } from "@/components/trials/direction-label";
import { MalformedBadge, RawRow } from "@/components/trials/trial-source";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { useTrialsPage } from "@/lib/api/runs";
import { FAILURE_LABELS } from "@/lib/domain/failures";
import { formatDelta, formatNumber } from "@/lib/domain/number-format";
import { formatDuration } from "./format";

const KEYS = ["agent", "failure", "status", "kept", "best", "q", "sort", "cursor"] as const;
const PAGE = 50;
type Agent = { id: string; name: string };

function Select({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}{" "}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value)} data-testid={`filter-${name}`}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** `digits`: the run's distinguishingDigits, so neighbouring scores never print alike. */
/** `withQueue`: the run's trials ran as cluster jobs, so each row shows its queue wait beside its evaluation time. */
export function TrialsPanel({
  runId,
  agents,
  minimize,
  digits,
  withQueue = false,
}: {
  runId: string;
  agents: Agent[];
  minimize: boolean;
  digits?: number;
  withQueue?: boolean;
}) {
  const signed = (v: number | null) => formatDelta(v, digits);
  const { params, update } = useUrlState();
  const api = new URLSearchParams({ limit: String(PAGE) });
  for (const k of KEYS) if (params.get(k)) api.set(k, params.get(k)!);
  const page = useTrialsPage(runId, api);
  const [text, setText] = useState(params.get("q") ?? "");
  useEffect(() => setText(params.get("q") ?? ""), [params]);
  const set = (k: string) => (v: string) => update({ [k]: v || null, cursor: null });
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const good = (d: number | null) => d !== null && (minimize ? d < 0 : d > 0);
  // Imported trials carry their id in the source (exp_750, a commit, a node id).
  const withSource = Boolean(page.data?.items.some((t) => t.sourceId));

  return (
    <section aria-labelledby="trials-heading" data-testid="trials-panel">
      <h2 id="trials-heading">Trials</h2>
      <form
        className="toolbar filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: text.trim() || null, cursor: null });
        }}
      >
        <Select
          label="Agent"
          name="agent"
          value={params.get("agent") ?? ""}
          onChange={set("agent")}
          options={[["", "any"], ...agents.map((a): [string, string] => [a.id, a.name])]}
        />
        <Select
          label="Failure"
          name="failure"
          value={params.get("failure") ?? ""}
          onChange={set("failure")}
          options={[["", "any outcome"], ["none", "no failure"], ["any", "any failure"], ...FAILURE_LABELS.map((l): [string, string] => [l, l])]}
        />
        <Select
          label="Status"
          name="status"
          value={params.get("status") ?? ""}
          onChange={set("status")}
          options={[
            ["", "any"],
            ["evaluated", "evaluated"],
            ["running", "running"],
            ["proposed", "proposed"],
          ]}
        />
        <Select
          label="Kept"
          name="kept"
          value={params.get("kept") ?? ""}
          onChange={set("kept")}
          options={[
            ["", "any"],
            ["true", "kept"],
            ["false", "not kept"],
          ]}
        />
        <Select
          label="New best"
          name="best"
          value={params.get("best") ?? ""}
          onChange={set("best")}
          options={[
            ["", "any"],
            ["true", "new bests"],
            ["false", "not a new best"],
          ]}
        />
        <Select
          label="Sort"
          name="sort"
          value={params.get("sort") ?? "seq"}
          onChange={(v) => update({ sort: v === "seq" ? null : v, cursor: null })}
          options={[
            ["seq", "seq"],
            ["score", "score (best first)"],
            ["delta", "Δ vs parent (best first)"],
          ]}
        />
        <label>
          Hypothesis or source id contains{" "}
          <input type="search" name="q" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} data-testid="filter-q" />
        </label>
        <button type="submit">Search</button>
      </form>

      {page.error ? (
        <p className="error-box" role="alert" data-testid="trials-error">
          Could not load trials: {page.error.message}
        </p>
      ) : !page.data ? (
        <p className="muted">Loading trials…</p>
      ) : page.data.items.length === 0 ? (
        <p className="muted" data-testid="trials-empty">
          No trials match these filters.
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid="trials-table" aria-busy={page.isFetching}>
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Agent</th>
                <th>Hypothesis</th>
                <th>Outcome</th>
                <th className="num">Score</th>
                <th className="num">
                  Δ vs parent <DirectionLabel direction={minimize ? "minimize" : "maximize"} />
                </th>
                <th className="num">Predicted Δ</th>
                {withQueue && <th className="num">Evaluation</th>}
                {withQueue && <th className="num">Queue wait</th>}
                {withSource && <th>Source id</th>}
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((t) => (
                <tr key={t.id} data-testid="trial-row">
                  <td className="num">
                    <Link href={`/trials/${encodeURIComponent(t.id)}`}>#{t.seq}</Link>
                  </td>
                  <td>{t.agentId ? <VisibleText text={agentName.get(t.agentId) ?? t.agentId} /> : <span className="muted">—</span>}</td>
                  <td className="hypothesis">
                    <VisibleText text={t.hypothesis} />
                    {t.hypothesisTruncated ? "…" : ""}
                    {t.malformedRow && (
                      <div data-testid="row-malformed">
                        <MalformedBadge />
                        <RawRow malformed={t.malformedRow} testId="row-raw" />
                      </div>
                    )}
                  </td>
                  <td>
                    {t.failure ? <span className="badge bad-badge">{t.failure}</span> : null}
                    {t.failureDetail ? (
                      <span className="failure-detail">
                        <VisibleText text={t.failureDetail} />
                      </span>
                    ) : null}
                    {t.status !== "evaluated" ? <span className="badge">{t.status}</span> : null}
                    {t.isBest ? <span className="badge good-badge">new best</span> : null}
                    {t.kept ? <span className="badge">kept</span> : null}
                  </td>
                  <td className="num">{formatNumber(t.score, digits)}</td>
                  <td className={`num ${good(t.deltaVsParent) ? "good" : ""}`}>{signed(t.deltaVsParent)}</td>
                  <td className="num">{signed(t.expectedDelta)}</td>
                  {withQueue && (
                    <td className="num" data-testid="row-eval-time">
                      {formatDuration(t.wallclockSeconds)}
                    </td>
                  )}
                  {withQueue && (
                    <td className="num" data-testid="row-queue-wait">
                      {formatDuration(t.queueSeconds)}
                    </td>
                  )}
                  {withSource && (
                    <td data-testid="row-source-id">
                      {t.sourceId ? (
                        <code>
                          <VisibleText text={t.sourceId} />
                        </code>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Trial pages">
        <button type="button" disabled={!params.get("cursor")} onClick={() => update({ cursor: null })}>
          First page
        </button>
        <button type="button" disabled={!page.data?.nextCursor} onClick={() => update({ cursor: page.data!.nextCursor })} data-testid="next-page">
          Next page
        </button>
      </nav>
    </section>
  );
}
