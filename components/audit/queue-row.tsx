"use client";
// One trial in the audit queue: what an auditor scans before opening it.
import { VisibleText } from "@/components/ui/visible-text";
import type { AuditItem } from "@/lib/domain/api-responses";
import { formatDelta, formatNumber } from "@/lib/domain/number-format";
import { FindingBadges } from "./findings-list";

type Props = {
  item: AuditItem;
  index: number;
  current: boolean;
  agentName: string | null;
  selectable: boolean;
  selected: boolean;
  onSelect: () => void;
  onToggle: () => void;
};

export function QueueRow({ item: it, index, current, agentName, selectable, selected, onSelect, onToggle }: Props) {
  const domains = it.classification.domains.length > 0 ? it.classification.domains : it.classification.declared ? [it.classification.declared] : [];
  return (
    <li className="queue-row" data-testid="queue-row" data-seq={it.seq}>
      {selectable && <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`select trial #${it.seq}`} data-testid="queue-select" />}
      <button type="button" id={`queue-item-${index}`} aria-current={current} onClick={onSelect} data-testid="queue-item">
        <span className="queue-line">
          <strong>#{it.seq}</strong>
          {it.isBest ? <span className="badge good-badge">best</span> : it.kept ? <span className="badge">kept</span> : null}
          <span className="queue-agent" title="agent">
            {agentName ? <VisibleText text={agentName} /> : <span className="muted">no agent</span>}
          </span>
          <span className="queue-score" data-testid="queue-score">
            {it.failure ? <span className="badge bad-badge">{it.failure}</span> : formatNumber(it.score)}
          </span>
          <span className="queue-delta muted" title="change vs parent">
            {it.deltaVsParent === null ? "" : `Δ ${formatDelta(it.deltaVsParent)}`}
          </span>
          <span className={`badge verdict-${it.verdictStatus}`}>{it.verdictStatus.replace("_", " ")}</span>
        </span>
        <span className="queue-hypothesis">
          <VisibleText text={it.hypothesis || "(no hypothesis)"} />
        </span>
        <span className="queue-tags">
          {domains.map((d) => (
            <span key={d} className="badge domain-chip">
              <VisibleText text={d} />
            </span>
          ))}
          {it.findings.length > 0 && <FindingBadges findings={it.findings} />}
        </span>
      </button>
    </li>
  );
}
