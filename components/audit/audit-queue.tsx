"use client";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useUrlState } from "@/components/ui/use-url-state";
import { VisibleText } from "@/components/ui/visible-text";
import { ApiError } from "@/lib/api/client";
import type { QueueFilters } from "@/lib/api/endpoints";
import { useAuditQueuePager } from "@/lib/api/trials";
import { apiWrite } from "@/lib/api/write";
import { formatDelta } from "@/lib/domain/number-format";
import type { AuditItem, AuditQueuePage, VerdictView } from "@/lib/domain/api-responses";
import { BulkVerdictBar } from "./bulk-verdict-bar";
import { ClassificationView } from "./classification-view";
import { FindingBadges, FindingsList } from "./findings-list";
import { QueueFilterBar, type QueueFacets } from "./queue-filters";
import { QueueRow } from "./queue-row";
import { VerdictForm, type VerdictDraft } from "./verdict-form";
import "./audit.css";

type Props = { runId: string; initial: AuditQueuePage; initialFilters: QueueFilters; facets: QueueFacets; canJudge: boolean };

const FILTER_KEYS = ["domain", "finding", "verdict", "agent"] as const;
const draftFor = (item: AuditItem | undefined): VerdictDraft => ({
  verdict: null,
  domain: item?.classification.declared ?? item?.classification.domains[0] ?? "",
  reason: "",
});
const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName)) && (t as HTMLInputElement).type !== "radio";
const isOpen = (it: AuditItem) => it.verdictStatus === "unreviewed" || it.verdictStatus === "needs_review";
const reviewed = (s: AuditItem["verdictStatus"]) => s === "legal" || s === "illegal";
const keyOf = (f: QueueFilters) => FILTER_KEYS.map((k) => f[k] ?? "").join("\u0000");

/** The item with a new latest verdict, and by how much the count of reviewed trials moves. */
function withVerdict(it: AuditItem, v: VerdictView): [AuditItem, number] {
  const moved = Number(reviewed(v.verdict)) - Number(reviewed(it.verdictStatus));
  return [{ ...it, latestVerdict: v, verdictStatus: v.verdict, verdictCount: it.verdictCount + 1 }, moved];
}

export function AuditQueue({ runId, initial, initialFilters, facets, canJudge }: Props) {
  const { params, update } = useUrlState();
  const filters: QueueFilters = useMemo(() => Object.fromEntries(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))), [params]);
  const [loadedKey, setLoadedKey] = useState(keyOf(initialFilters));
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [progress, setProgress] = useState(initial.progress);
  const [index, setIndex] = useState(0);
  const [draft, setDraft] = useState<VerdictDraft>(draftFor(initial.items[0]));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  const reasonRef = useRef<HTMLInputElement>(null);
  const current = items[index];
  const loadPage = useAuditQueuePager(runId);
  const agentName = useMemo(() => new Map(facets.agents.map((a) => [a.id, a.name])), [facets.agents]);

  // The filters live in the URL (Back and Forward included); the first page is fetched again when they change.
  useEffect(() => {
    const key = keyOf(filters);
    if (key === loadedKey) return;
    let live = true;
    loadPage(undefined, filters).then(
      (page) => {
        if (!live) return;
        setLoadedKey(key);
        setItems(page.items);
        setCursor(page.nextCursor);
        setProgress(page.progress);
        setIndex(0);
        setDraft(draftFor(page.items[0]));
        setSelected(new Set());
      },
      (e) => live && setError(e instanceof ApiError ? e.message : "the queue could not be loaded"),
    );
    return () => {
      live = false;
    };
  }, [filters, loadedKey, loadPage]);

  const loadMore = useCallback(async () => {
    if (!cursor) return items;
    const page = await loadPage(cursor, filters);
    const all = [...items, ...page.items];
    setItems(all);
    setCursor(page.nextCursor);
    return all;
  }, [cursor, items, loadPage, filters]);

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

  /** The next trial with no verdict yet (or needing review) after the current one, loading pages as needed. */
  const nextOpen = useCallback(async () => {
    let list = items;
    let more = cursor;
    for (;;) {
      const i = list.findIndex((it, j) => j > index && isOpen(it));
      if (i >= 0) return select(i);
      if (!more) break;
      const page = await loadPage(more, filters);
      list = [...list, ...page.items];
      more = page.nextCursor;
      setItems(list);
      setCursor(more);
    }
    const before = list.findIndex((it, j) => j <= index && isOpen(it));
    if (before >= 0 && before !== index) return select(before);
    setAnnounce("No unreviewed trial left in this queue.");
  }, [items, cursor, index, select, loadPage, filters]);

  /** Puts recorded verdicts on their rows and moves the progress by the trials they made reviewed. */
  const recorded = useCallback(
    (vs: (VerdictView & { trialId: string })[]) => {
      const byTrial = new Map(vs.map((v) => [v.trialId, v]));
      const moved = items.reduce((n, it) => (byTrial.has(it.id) ? n + withVerdict(it, byTrial.get(it.id)!)[1] : n), 0);
      setItems((list) => list.map((it) => (byTrial.has(it.id) ? withVerdict(it, byTrial.get(it.id)!)[0] : it)));
      setProgress((p) => ({ ...p, reviewed: p.reviewed + moved }));
    },
    [items],
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
      recorded([{ ...v, trialId: current.id }]);
      setAnnounce(`Recorded ${draft.verdict.replace("_", " ")} for trial #${current.seq}; moved to the next trial.`);
      await select(index + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the verdict was not recorded");
    } finally {
      setBusy(false);
    }
  }, [current, draft, busy, index, select, recorded]);

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }, []);

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
      } else if (e.key === "u") {
        e.preventDefault();
        void nextOpen();
      } else if (e.key === "x" && canJudge && current) {
        e.preventDefault();
        toggle(current.id);
      } else if (e.key === "Enter" && canJudge) {
        e.preventDefault();
        void submit();
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [canJudge, index, select, submit, nextOpen, toggle, current]);

  const setFilters = (f: QueueFilters) => update(Object.fromEntries(FILTER_KEYS.map((k) => [k, f[k] ?? null])));
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div data-testid="audit-queue">
      <QueueFilterBar filters={filters} facets={facets} progress={progress} onChange={setFilters} />
      {canJudge && (
        <BulkVerdictBar
          runId={runId}
          selected={[...selected]}
          onClear={() => setSelected(new Set())}
          onRecorded={(out) => {
            recorded(out);
            setAnnounce(`Recorded ${out[0]?.verdict.replace("_", " ")} for ${out.length} ${out.length === 1 ? "trial" : "trials"}.`);
            setSelected(new Set());
          }}
        />
      )}
      {items.length === 0 ? (
        <p className="empty">{filtered ? "No trial of this run matches these filters." : "This run has no trials to audit."}</p>
      ) : (
        <div className="audit-layout">
          <div>
            <p className="audit-help muted">
              <kbd>j</kbd>/<kbd>k</kbd> next/previous,{" "}
              <button type="button" className="link-button" onClick={() => void nextOpen()} data-testid="next-unreviewed">
                next unreviewed <kbd>u</kbd>
              </button>
              {canJudge ? (
                <>
                  , <kbd>l</kbd> legal, <kbd>i</kbd> illegal, <kbd>n</kbd> needs review, <kbd>Enter</kbd> record, <kbd>x</kbd> select
                </>
              ) : null}
            </p>
            {canJudge && (
              <p className="audit-help">
                <button type="button" className="link-button" onClick={() => setSelected(new Set(items.map((it) => it.id)))}>
                  Select all {items.length} shown
                </button>
              </p>
            )}
            <ol className="audit-list" aria-label="Audit queue: kept and new-best trials first">
              {items.map((it, i) => (
                <QueueRow
                  key={it.id}
                  item={it}
                  index={i}
                  current={i === index}
                  agentName={it.agentId ? (agentName.get(it.agentId) ?? it.agentId) : null}
                  selectable={canJudge}
                  selected={selected.has(it.id)}
                  onSelect={() => void select(i)}
                  onToggle={() => toggle(it.id)}
                />
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
        </div>
      )}
      <p aria-live="polite" className="sr-only" data-testid="audit-announce">
        {announce}
      </p>
    </div>
  );
}
