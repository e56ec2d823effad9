import Link from "next/link";
import { formatNumber } from "@/lib/domain/number-format";
import { VisibleText } from "@/components/ui/visible-text";
import type { RunAuditHeadline } from "@/lib/services/audit-findings";

const fmt = (n: number | null) => formatNumber(n);

/** The keeps the noise check cannot measure, named with the reason (the run page's Kept counts them). */
function KeepsLeftOut({ h }: { h: RunAuditHeadline }) {
  if (h.keepsLeftOutCount === 0) return null;
  return (
    <details className="muted" data-testid="keeps-left-out">
      <summary>
        {h.keepsLeftOutCount} keep{h.keepsLeftOutCount === 1 ? "" : "s"} not measured against the noise floor, and why
      </summary>
      <ul>
        {h.keepsLeftOut.map((k) => (
          <li key={k.id}>
            <Link href={`/trials/${encodeURIComponent(k.id)}`}>#{k.seq}</Link>: {k.why}
          </li>
        ))}
        {h.keepsLeftOutCount > h.keepsLeftOut.length ? <li>… and {h.keepsLeftOutCount - h.keepsLeftOut.length} more</li> : null}
      </ul>
    </details>
  );
}

export function AuditHeadline({ h }: { h: RunAuditHeadline }) {
  const run = `/runs/${encodeURIComponent(h.runId)}`;
  return (
    <header className="run-header">
      <p className="crumbs">
        <Link href="/">Runs</Link> › <VisibleText text={h.taskName} /> ›{" "}
        <Link href={run}>
          <VisibleText text={h.runName} />
        </Link>{" "}
        › audit
      </p>
      <dl className="figures" data-testid="audit-headline">
        <div className="figure">
          <dt>best {h.metric.name}</dt>
          <dd>{fmt(h.bestScore)}</dd>
        </div>
        <div className="figure">
          <dt>legal best</dt>
          <dd data-testid="legal-best">{fmt(h.legalBestScore)}</dd>
        </div>
        <div className="figure">
          <dt>keeps within noise</dt>
          <dd data-testid="keeps-within-noise">
            {h.keepsWithinNoise === null ? (
              <span className="muted">not checked: no noise floor declared ({h.keeps} keeps)</span>
            ) : (
              <>
                {h.keepsWithinNoise} of {h.keepsMeasured} measured
                <div className="muted">{h.keeps} keeps in all</div>
              </>
            )}
          </dd>
        </div>
        <div className="figure">
          <dt>baseline</dt>
          <dd>
            {fmt(h.baselineScore)} {h.baselineDeclared && <span className="badge bad-badge">declared, not measured</span>}
          </dd>
        </div>
      </dl>
      <KeepsLeftOut h={h} />
      <nav className="run-links" aria-label="Audit views">
        <Link href={`${run}/audit`}>Audit queue</Link>
        <Link href={`${run}/audit/review?domain=architecture`}>Architecture review</Link>
        <a href={`/api/runs/${encodeURIComponent(h.runId)}/audit/report?format=md`} download>
          Download report (Markdown)
        </a>
        <a href={`/api/runs/${encodeURIComponent(h.runId)}/audit/report?format=json`} download>
          Download report (JSON)
        </a>
        {h.rulesFrom === "default" && <span className="muted">domains by Lineage&apos;s default rules (the task declares none)</span>}
      </nav>
    </header>
  );
}
