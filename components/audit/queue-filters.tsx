"use client";
// The audit queue's filters (kept in the URL by the queue) and how far the review has come.
import type { QueueFilters } from "@/lib/api/endpoints";
import { FINDING_KINDS_SHOWN, findingLabel } from "./findings-list";

export type QueueFacets = { agents: { id: string; name: string }[]; domains: string[] };
export type QueueProgress = { reviewed: number; total: number; filtered: boolean };

const VERDICTS = [
  ["unreviewed", "unreviewed"],
  ["needs_review", "needs review"],
  ["legal", "legal"],
  ["illegal", "illegal"],
] as const;

type Props = { filters: QueueFilters; facets: QueueFacets; progress: QueueProgress; onChange: (f: QueueFilters) => void };

function Pick({
  label,
  name,
  value,
  options,
  onChange,
}: {
  label: string;
  name: string;
  value: string | undefined;
  options: readonly (readonly [string, string])[];
  onChange: (v: string) => void;
}) {
  return (
    <label>
      {label}{" "}
      <select name={name} value={value ?? ""} onChange={(e) => onChange(e.target.value)}>
        <option value="">any</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function QueueFilterBar({ filters, facets, progress, onChange }: Props) {
  const set = (k: keyof QueueFilters) => (v: string) => onChange({ ...filters, [k]: v || undefined });
  const domains = [...new Set([...facets.domains, ...(filters.domain ? [filters.domain] : [])])];
  const any = Object.values(filters).some(Boolean);
  const pct = progress.total === 0 ? 0 : Math.round((progress.reviewed / progress.total) * 100);
  return (
    <div className="queue-toolbar">
      <form className="toolbar" aria-label="Filter the queue" onSubmit={(e) => e.preventDefault()}>
        <Pick label="Domain" name="domain" value={filters.domain} options={domains.map((d) => [d, d] as const)} onChange={set("domain")} />
        <Pick
          label="Finding"
          name="finding"
          value={filters.finding}
          options={FINDING_KINDS_SHOWN.map((k) => [k, findingLabel(k)] as const)}
          onChange={set("finding")}
        />
        <Pick label="Verdict" name="verdict" value={filters.verdict} options={VERDICTS} onChange={set("verdict")} />
        <Pick label="Agent" name="agent" value={filters.agent} options={facets.agents.map((a) => [a.id, a.name] as const)} onChange={set("agent")} />
        {any && (
          <button type="button" onClick={() => onChange({})}>
            Clear filters
          </button>
        )}
      </form>
      <p className="queue-progress" data-testid="queue-progress">
        <progress max={Math.max(progress.total, 1)} value={progress.reviewed} aria-hidden="true" />{" "}
        <strong>
          {progress.reviewed} of {progress.total}
        </strong>{" "}
        reviewed{progress.filtered ? " (of the trials these filters keep)" : ""} · {pct}% ·{" "}
        <span className="muted">reviewed: the latest verdict is legal or illegal</span>
      </p>
    </div>
  );
}
