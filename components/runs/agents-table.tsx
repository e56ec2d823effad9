import { VisibleText } from "@/components/ui/visible-text";
import { agentColor } from "@/components/charts/palette";
import type { AgentStats } from "@/lib/domain/api-responses";
import { formatScore } from "./format";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)}%`);

export function AgentsTable({ agents, order }: { agents: AgentStats[]; order: string[] }) {
  if (agents.length === 0) return <p className="muted">No agents recorded for this run.</p>;
  return (
    <div className="table-wrap">
      <table data-testid="agents-table">
        <thead>
          <tr>
            <th>Agent</th>
            <th className="num">Trials</th>
            <th className="num">New bests</th>
            <th>Failures</th>
            <th className="num">Best score</th>
            <th className="num">Share of improvement</th>
            <th className="num" title="Trials with a predicted change (expectedDelta) and a measured one">
              Predictions
            </th>
            <th className="num" title="Predicted and measured change have the same sign">
              Sign agreement
            </th>
            <th className="num" title="Mean absolute error of predicted vs measured change, in metric units">
              Mean abs. error
            </th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.agentId ?? "(none)"} data-testid="agent-row">
              <td>
                <span className="swatch" style={{ background: agentColor(a.agentId === null ? -1 : order.indexOf(a.agentId)) }} />{" "}
                {a.name === null ? <span className="muted">(no agent)</span> : <VisibleText text={a.name} />}
              </td>
              <td className="num">{a.trials.toLocaleString()}</td>
              <td className="num">{a.newBests}</td>
              <td>
                {Object.entries(a.failures).map(([label, n]) => (
                  <span key={label} className="badge">
                    {label} {n}
                  </span>
                ))}
              </td>
              <td className="num">{formatScore(a.bestScore)}</td>
              <td className="num">{pct(a.improvementShare)}</td>
              <td className="num">{a.predictions ? a.predictions.count : "—"}</td>
              <td className="num">{a.predictions ? pct(a.predictions.signAgreement) : "—"}</td>
              <td className="num">{a.predictions ? formatScore(a.predictions.meanAbsError) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
