import Link from "next/link";
import { GainWindows, PredictionScatter } from "@/components/payoff/payoff-charts";
import "@/components/payoff/payoff.css";
import { VisibleText } from "@/components/ui/visible-text";
import { formatDelta, formatNumber } from "@/lib/domain/number-format";
import { PAYOFF_DIMENSIONS, type PayoffDimension } from "@/lib/domain/payoff";
import { getRunDetail } from "@/lib/services/catalog";
import { getRunPayoff } from "@/lib/services/run-payoff";
import { readForPage } from "@/lib/server/page-read";

export const dynamic = "force-dynamic";

const LABEL: Record<PayoffDimension, string> = { domain: "Domain", surface: "Surface", agent: "Agent" };

function load(id: string, by: PayoffDimension) {
  return readForPage((db) => ({ run: getRunDetail(db, id), payoff: getRunPayoff(db, id, by) }));
}

/** Counts split across a trial's several domains can be fractional: one decimal then, none otherwise. */
const count = (n: number) => (Number.isInteger(n) ? formatNumber(n) : n.toFixed(1));
const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);

export default async function PayoffPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ by?: string }> }) {
  const { id } = await params;
  const asked = (await searchParams).by;
  const by: PayoffDimension = PAYOFF_DIMENSIONS.includes(asked as PayoffDimension) ? (asked as PayoffDimension) : "domain";
  const { run, payoff } = load(id, by);
  const runHref = `/runs/${encodeURIComponent(run.id)}`;
  const improving = payoff.metric.direction === "minimize" ? -1 : 1;
  return (
    <>
      <nav aria-label="Breadcrumb" className="crumbs">
        <VisibleText text={run.taskName} /> ›{" "}
        <Link href={runHref}>
          <VisibleText text={run.name} />
        </Link>{" "}
        › what paid off
      </nav>
      <h1>
        What paid off in <VisibleText text={run.name} />
      </h1>
      <p className="muted">
        Gain: how far a group&apos;s new bests moved the run&apos;s best ({payoff.metric.name}), so the groups add up to the run&apos;s whole improvement of{" "}
        {formatNumber(payoff.totalGain, 4)}. Hit rate: the share of its proposals that became a new best. A trial in several domains counts a share in each.
      </p>
      {by === "domain" && payoff.analysisPending > 0 && (
        <p className="muted" data-testid="payoff-analysis-pending">
          {formatNumber(payoff.analysisPending)} {payoff.analysisPending === 1 ? "trial is" : "trials are"} still being analysed by the audit; until then each
          counts under the domain it declared, if any.
        </p>
      )}
      <nav aria-label="Group by" className="payoff-by" data-testid="payoff-by">
        {PAYOFF_DIMENSIONS.map((d) => (
          <Link key={d} href={`${runHref}/payoff?by=${d}`} aria-current={d === by ? "page" : undefined}>
            By {LABEL[d].toLowerCase()}
          </Link>
        ))}
      </nav>
      <table className="data-table" data-testid="payoff-table" aria-label={`What paid off, by ${by}`}>
        <thead>
          <tr>
            <th scope="col">{LABEL[by]}</th>
            <th scope="col" className="num">
              Proposals
            </th>
            <th scope="col" className="num">
              New bests
            </th>
            <th scope="col" className="num">
              Hit rate
            </th>
            <th scope="col" className="num">
              Gain
            </th>
            <th scope="col" className="num">
              Share of gain
            </th>
            <th scope="col" className="num">
              Failed
            </th>
          </tr>
        </thead>
        <tbody>
          {payoff.groups.map((g) => (
            <tr key={g.key} data-testid="payoff-row">
              <th scope="row">
                <VisibleText text={g.key} />
              </th>
              <td className="num">{count(g.proposals)}</td>
              <td className="num">{count(g.newBests)}</td>
              <td className="num">{pct(g.hitRate)}</td>
              <td className="num">{formatDelta(g.gain === 0 ? 0 : improving * g.gain, 4)}</td>
              <td className="num">{payoff.totalGain > 0 ? pct(g.gain / payoff.totalGain) : "—"}</td>
              <td className="num">{count(g.failures)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Gain over the run</h2>
      {payoff.windows.length ? (
        <GainWindows windows={payoff.windows} keys={payoff.groups.map((g) => g.key)} metric={payoff.metric.name} />
      ) : (
        <p className="muted">No proposals evaluated yet.</p>
      )}
      <h2>Expected against measured Δ</h2>
      {payoff.predictions.length ? (
        <>
          <p className="muted">
            Each scored proposal that predicted its change, by agent: on the dashed diagonal the forecast was exact; {payoff.predictions.length} proposals.
          </p>
          <PredictionScatter predictions={payoff.predictions} />
        </>
      ) : (
        <p className="muted">No proposal in this run predicted its change (expectedDelta).</p>
      )}
    </>
  );
}
