"use client";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { VisibleText } from "@/components/ui/visible-text";
import { ApiError } from "@/lib/api/client";
import { useAuditQueuePager } from "@/lib/api/trials";
import { apiWrite } from "@/lib/api/write";
import { formatDelta } from "@/lib/domain/number-format";
import type { AuditItem, AuditQueuePage } from "@/lib/domain/api-responses";
import { ClassificationView } from "./classification-view";
import { FindingBadges, FindingsList } from "./findings-list";
import { VerdictForm, type VerdictDraft } from "./verdict-form";
import "./audit.css";

type Props = { runId: string; initial: AuditQueuePage; canJudge: boolean };

const draftFor = (item: AuditItem | undefined): VerdictDraft => ({
  verdict: null,
  domain: item?.classification.declared ?? item?.classification.domains[0] ?? "",
  reason: "",
});
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)) && (t as HTMLInputElement).type !== "radio";

export function AuditQueue({ runId, initial, canJudge }: Props) {
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [index, setIndex] = useState(0);
  const [draft, setDraft] = useState<VerdictDraft>(draftFor(initial.items[0]));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  const reasonRef = useRef<HTMLInputElement>(null);
  const current = items[index];
  const nextPage = useAuditQueuePager(runId);

  const loadMore = useCallback(async () => {
    if (!cursor) return items;
    const page = await nextPage(cursor);
    const all = [...items, ...page.items];
    setItems(all);
    setCursor(page.nextCursor);
    return all;
  }, [cursor, items, nextPage]);

  const select = useCallback(
    async (i: number) => {
      let list = items;
      if (i >= list.length && cursor) list = await loadMore();
      if (i < 0 || i >= list.length) return;
      setIndex(i);
      setDraft(draftFor(list[i]));
      setError(null);
      document.getElementById(`queue-item-${i}`)?.scrollIntoView({ block: "nearest" });
    },
    [items, cursor, loadMore],
  );

  const submit = useCallback(async () => {
    if (!current || !draft.verdict || busy) return;
    if (draft.verdict === "illegal" && !draft.reason.trim()) {
      setError("an illegal verdict needs a reason");
      reasonRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const v = await apiWrite(
        "giveVerdict",
        { id: current.id },
        {
          json: { verdict: draft.verdict, domain: draft.domain || undefined, reason: draft.reason || undefined },
        },
      );
      setItems((list) => list.map((it, i) => (i === index ? { ...it, latestVerdict: v, verdictStatus: v.verdict, verdictCount: it.verdictCount + 1 } : it)));
      setAnnounce(`Recorded ${draft.verdict.replace("_", " ")} for trial #${current.seq}; moved to the next trial.`);
      await select(index + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the verdict was not recorded");
    } finally {
      setBusy(false);
    }
  }, [current, draft, busy, index, select]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const choose = { l: "legal", i: "illegal", n: "needs_review" } as const;
      if (canJudge && e.key in choose) {
        e.preventDefault();
        setDraft((d) => ({ ...d, verdict: choose[e.key as keyof typeof choose] }));
        if (e.key === "i") setTimeout(() => reasonRef.current?.focus(), 0);
      } else if (e.key === "j" || e.key === "ArrowDown") {
        e.preventDefault();
        void select(index + 1);
      } else if (e.key === "k" || e.key === "ArrowUp") {
        e.preventDefault();
        void select(index - 1);
      } else if (e.key === "Enter" && canJudge) {
        e.preventDefault();
        void submit();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canJudge, index, select, submit]);

  if (items.length === 0) return <p className="empty">This run has no trials to audit.</p>;
  return (
    <div className="audit-layout" data-testid="audit-queue">
      <div>
        <p className="audit-help muted">
          <kbd>j</kbd>/<kbd>k</kbd> next/previous
          {canJudge ? (
            <>
              , <kbd>l</kbd> legal, <kbd>i</kbd> illegal, <kbd>n</kbd> needs review, <kbd>Enter</kbd> record
            </>
          ) : null}
        </p>
        <ol className="audit-list" aria-label="Audit queue: kept and new-best trials first">
          {items.map((it, i) => (
            <li key={it.id}>
              <button type="button" id={`queue-item-${i}`} aria-current={i === index} onClick={() => void select(i)} data-testid="queue-item">
                #{it.seq} {it.isBest ? <span className="badge good-badge">best</span> : it.kept ? <span className="badge">kept</span> : null}
                <span className={`badge verdict-${it.verdictStatus}`}>{it.verdictStatus.replace("_", " ")}</span>
                {it.findings.length > 0 && <span className="badge sev-legality">{it.findings.length}</span>}
              </button>
            </li>
          ))}
        </ol>
        {cursor && (
          <button type="button" onClick={() => void loadMore()}>
            Load more
          </button>
        )}
      </div>
      {current && (
        <section className="audit-detail" aria-labelledby="audit-current" data-testid="audit-current">
          <h2 id="audit-current">
            Trial #{current.seq}{" "}
            <Link href={`/trials/${encodeURIComponent(current.id)}`} className="id-text">
              <VisibleText text={current.id} />
            </Link>
          </h2>
          <p className="pre-text">
            <VisibleText text={current.hypothesis || "(no hypothesis)"} />
          </p>
          <p>
            {current.failure ? <span className="badge bad-badge">{current.failure}</span> : <>score {current.score ?? "—"}</>}
            {current.deltaVsParent !== null && <span className="muted"> · change vs parent {formatDelta(current.deltaVsParent)}</span>}
            {" · "}
            <span className={`badge verdict-${current.verdictStatus}`} data-testid="current-status">
              {current.verdictStatus.replace("_", " ")}
            </span>
          </p>
          <ClassificationView c={current.classification} hunks />
          <h3>
            Findings <FindingBadges findings={current.findings} />
          </h3>
          <FindingsList findings={current.findings} />
          {canJudge ? (
            <VerdictForm ref={reasonRef} draft={draft} onChange={setDraft} onSubmit={() => void submit()} busy={busy} error={error} />
          ) : (
            <p className="muted">Only auditors and admins give verdicts.</p>
          )}
        </section>
      )}
      <p aria-live="polite" className="sr-only" data-testid="audit-announce">
        {announce}
      </p>
    </div>
  );
}
