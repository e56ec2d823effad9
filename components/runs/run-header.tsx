import Link from "next/link";
import { VisibleText } from "@/components/ui/visible-text";
import type { RunDetail } from "@/lib/domain/api-responses";

type Run = RunDetail;

export function RunHeader({ run }: { run: Run }) {
  const id = encodeURIComponent(run.id);
  return (
    <header className="run-header">
      <p className="crumbs">
        <Link href="/">Runs</Link> › <VisibleText text={run.task.name} />
      </p>
      <h1 data-testid="run-title">
        <VisibleText text={run.name} />
      </h1>
      <p className="run-meta">
        <span className="badge">{run.kind}</span>
        <span className="badge">feedback: {run.feedback}</span>
        <span className={`badge status status-${run.status}`} data-testid="run-state">
          {run.state}
        </span>
        <span className="muted">
          metric <VisibleText text={run.metric.name} /> ({run.metric.direction}
          {run.metric.unit ? (
            <>
              , <VisibleText text={run.metric.unit} />
            </>
          ) : null}
          )
        </span>
      </p>
      <nav className="run-links" aria-label="Run views">
        <Link href={`/runs/${id}/lineage`}>Lineage graph</Link>
        <Link href={`/runs/${id}/payoff`}>What paid off</Link>
        <Link href={`/compare?runs=${id}`}>Compare with other runs</Link>
        <Link href={`/runs/${id}/audit`}>Audit</Link>
        <a href={`/api/runs/${id}/trace`}>Export trace (JSONL)</a>
      </nav>
    </header>
  );
}
