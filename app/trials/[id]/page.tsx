import Link from "next/link";
import { NotesPanel } from "@/components/audit/notes-panel";
import { TrialAuditPanel } from "@/components/audit/trial-audit-panel";
import { DiffView } from "@/components/diff/diff-view";
import { TrialCompare } from "@/components/trials/trial-compare";
import { TrialDetails } from "@/components/trials/trial-details";
import { TrialIntegrity } from "@/components/trials/trial-integrity";
import { TrialLinks } from "@/components/trials/trial-links";
import { TrialOutcome } from "@/components/trials/trial-outcome";
import { MentionText } from "@/components/trials/mention-text";
import { MalformedBadge, RawRow, trialSource } from "@/components/trials/trial-source";
import { TrialStoryView } from "@/components/trials/trial-story";
import { TrialText } from "@/components/trials/trial-text";
import { VisibleText } from "@/components/ui/visible-text";
import { mayJudge, pageSession } from "@/lib/auth/page-session";
import { TrialCompareQuery } from "@/lib/domain/api";
import { isLineageError } from "@/lib/domain/errors";
import { store } from "@/lib/server/store";
import { getTrialAudit } from "@/lib/services/audit-findings";
import { compareTrials, type TrialComparison } from "@/lib/services/compare-trials";
import { trialNotes } from "@/lib/services/notes";
import { resolveExpMentions } from "@/lib/services/source-mentions";
import { getTrialPage, type TrialPage } from "@/lib/services/trial-page";
import { getTrialStory } from "@/lib/services/trial-story";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

function load(id: string): TrialPage {
  return readForPage((db) => getTrialPage(db, id));
}

/** The comparison asked for in the URL, or why it cannot be made. */
function comparisonFor(id: string, search: Record<string, string | string[] | undefined>) {
  const pick = (k: string) => (typeof search[k] === "string" ? (search[k] as string) : undefined);
  if (pick("seq") === undefined && pick("with") === undefined) return { comparison: null, error: null };
  const parsed = TrialCompareQuery.safeParse({ seq: pick("seq"), with: pick("with") });
  if (!parsed.success) return { comparison: null, error: "Name one trial to compare with, by its number." };
  try {
    return { comparison: compareTrials(store(), id, parsed.data) as TrialComparison, error: null };
  } catch (e) {
    if (isLineageError(e) && (e.code === "not_found" || e.code === "invalid_input")) return { comparison: null, error: e.message };
    throw e;
  }
}

export default async function TrialPageView({ params, searchParams }: Props) {
  // Next leaves an encoded "/" (%2F) in a segment: imported trial ids such as "run/042" carry one.
  const id = decodeURIComponent((await params).id);
  const page = load(id);
  const { trial, run } = page;
  const { comparison, error } = comparisonFor(id, await searchParams);
  const runHref = `/runs/${encodeURIComponent(run.id)}`;
  const source = trialSource(trial.extra as Record<string, unknown> | null);
  const mentions = resolveExpMentions(store(), run.id, [trial.hypothesis, source.agentNotes]);
  return (
    <article className="trial-page" data-testid="trial-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <VisibleText text={page.task.name} /> ›{" "}
        <Link href={runHref}>
          <VisibleText text={run.name} />
        </Link>{" "}
        › <Link href={`${runHref}/lineage`}>lineage</Link> › trial #{trial.seq}
      </nav>
      <h1>
        Trial #{trial.seq}{" "}
        <span className="muted id-text">
          <VisibleText text={trial.id} />
        </span>
        {trial.isBest && <span className="badge best">new best</span>}
        {trial.kept && <span className="badge">kept</span>}
        {source.malformed && <MalformedBadge />}
      </h1>
      {source.sourceId && (
        <p className="muted" data-testid="trial-source-id">
          Source id{" "}
          <code>
            <VisibleText text={source.sourceId} />
          </code>
          {source.sourceLine && (
            <>
              {" "}
              · <VisibleText text={source.sourceLine} />
            </>
          )}
        </p>
      )}
      <div className={source.agentNotes ? "trial-grid" : undefined}>
        <section aria-labelledby="h-hypothesis">
          <h2 id="h-hypothesis">Hypothesis</h2>
          <p className="pre-text" data-testid="trial-hypothesis">
            {trial.hypothesis ? <MentionText text={trial.hypothesis} links={mentions} /> : <span className="muted">(none: a baseline)</span>}
          </p>
          {source.malformed && <RawRow malformed={source.malformed} />}
        </section>
        {source.agentNotes && (
          <section aria-labelledby="h-agent-notes">
            <h2 id="h-agent-notes">Agent&apos;s notes</h2>
            <p className="muted">What the agent wrote about its change.</p>
            <p className="pre-text" data-testid="trial-agent-notes">
              <MentionText text={source.agentNotes} links={mentions} />
            </p>
          </section>
        )}
      </div>
      <div className="trial-grid">
        <section aria-labelledby="h-outcome">
          <h2 id="h-outcome">Outcome</h2>
          <TrialOutcome page={page} />
        </section>
        <section aria-labelledby="h-details">
          <h2 id="h-details">Agent and budgets</h2>
          <TrialDetails page={page} />
        </section>
      </div>
      <section aria-labelledby="h-story">
        <h2 id="h-story">How this trial came about</h2>
        <TrialStoryView story={getTrialStory(store(), trial.id)} />
      </section>
      <div className="trial-grid">
        <section aria-labelledby="h-parents">
          <h2 id="h-parents">Parents</h2>
          <TrialLinks links={trial.parents} empty="None: this is a baseline." testId="trial-parents" />
        </section>
        <section aria-labelledby="h-children">
          <h2 id="h-children">Children</h2>
          <TrialLinks links={trial.children} empty="None yet." testId="trial-children" />
          {trial.childrenTruncated && <p className="muted">Only the first 1,000 children are listed.</p>}
        </section>
      </div>
      <section aria-labelledby="h-diff">
        <h2 id="h-diff">Diff{trial.parents[0] && ` against #${trial.parents[0].seq}`}</h2>
        {page.diff ? (
          <DiffView capped={page.diff} label="Diff" raw={{ kind: "request", request: { endpoint: "trialDiffText", params: { id: trial.id } } }} />
        ) : (
          <p className="muted">No diff recorded.</p>
        )}
      </section>
      <section aria-labelledby="h-compare">
        <h2 id="h-compare">Compare with another trial</h2>
        <TrialCompare trialId={trial.id} seq={trial.seq!} suggestions={trial.parents} comparison={comparison} error={error} />
      </section>
      <section aria-labelledby="h-context">
        <h2 id="h-context">Context and feedback</h2>
        <h3>Outcomes this proposal saw</h3>
        <TrialLinks links={trial.contextRefTrials} empty="No context refs recorded." testId="trial-context-refs" />
        <TrialText title="Context the proposer was given" text={trial.context} testId="trial-context" />
        <TrialText title="Feedback handed forward" text={trial.feedback} testId="trial-feedback" open />
        <TrialText title="Evaluator log (tail)" text={trial.log} testId="trial-log" open={Boolean(trial.failure)} />
        {trial.extra && <TrialText title="Extra fields from the source" text={JSON.stringify(trial.extra, null, 2)} testId="trial-extra" />}
      </section>
      <section aria-labelledby="h-audit">
        <h2 id="h-audit">Audit</h2>
        <TrialAuditPanel audit={getTrialAudit(store(), trial.id)} />
      </section>
      <NotesPanel
        target={{ kind: "trial", id: trial.id }}
        initial={trialNotes(store(), trial.id)}
        canWrite={mayJudge(await pageSession())}
        title="Notes on this trial"
      />
      <section aria-labelledby="h-integrity">
        <h2 id="h-integrity">Integrity</h2>
        <TrialIntegrity chain={page.chain} runId={run.id} />
      </section>
    </article>
  );
}
