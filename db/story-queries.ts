// Reads behind a trial's ancestry story: the first-parent chain up to its root and the failed
// trials tried from the same parents. Every step is an index lookup (trial_parents' primary key
// going up, trial_parents_parent_idx going down), never a scan of the run.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

export type StoryStepRow = {
  id: string;
  seq: number;
  depth: number;
  parentId: string | null;
  agentId: string | null;
  agentName: string | null;
  status: string;
  score: number | null;
  failure: string | null;
  kept: number | null;
  isBest: number;
  deltaVsParent: number | null;
  hypothesis: string;
  hasDiff: number;
};

/**
 * The trial and its first-parent ancestors nearest first (depth 0 is the trial), at most `limit`
 * of them; the hypothesis cut to `chars` characters.
 */
export function firstParentChain(db: Db, trialId: string, limit: number, chars: number): StoryStepRow[] {
  return db.all(sql`WITH RECURSIVE chain(id, depth) AS (
      SELECT ${trialId}, 0
      UNION ALL
      SELECT p.parent_id, chain.depth + 1 FROM trial_parents p JOIN chain ON p.trial_id = chain.id AND p.position = 0
      WHERE chain.depth < ${limit - 1}
    )
    SELECT t.id, t.seq, chain.depth, (SELECT parent_id FROM trial_parents WHERE trial_id = t.id AND position = 0) AS parentId,
      t.agent_id AS agentId, a.name AS agentName, t.status, t.score, t.failure, t.kept, t.is_best AS isBest,
      t.delta_vs_parent AS deltaVsParent, substr(t.hypothesis, 1, ${chars}) AS hypothesis,
      (t.diff IS NOT NULL AND t.diff <> '') AS hasDiff
    FROM chain JOIN trials t ON t.id = chain.id LEFT JOIN agents a ON a.id = t.agent_id ORDER BY chain.depth`);
}

export type FailedChildRow = { parentId: string; id: string; seq: number; failure: string; agentName: string | null; hypothesis: string };

/** The failed trials whose first parent is one of `parentIds`, in seq order, at most `perParent` each. */
export function failedChildrenOf(db: Db, parentIds: string[], perParent: number, chars: number): FailedChildRow[] {
  if (parentIds.length === 0) return [];
  const out: FailedChildRow[] = [];
  for (let i = 0; i < parentIds.length; i += 500) {
    const chunk = sql.join(
      parentIds.slice(i, i + 500).map((id) => sql`${id}`),
      sql`, `,
    );
    out.push(
      ...db.all<FailedChildRow>(sql`SELECT parentId, id, seq, failure, agentName, hypothesis FROM (
        SELECT p.parent_id AS parentId, t.id, t.seq, t.failure, a.name AS agentName, substr(t.hypothesis, 1, ${chars}) AS hypothesis,
          row_number() OVER (PARTITION BY p.parent_id ORDER BY t.seq) AS n
        FROM trial_parents p JOIN trials t ON t.id = p.trial_id LEFT JOIN agents a ON a.id = t.agent_id
        WHERE p.parent_id IN (${chunk}) AND p.position = 0 AND t.failure IS NOT NULL
      ) WHERE n <= ${perParent} ORDER BY seq`),
    );
  }
  return out;
}

/** Per parent: how many trials were tried from it (first parent), and how many of them failed. */
export function childCountsOf(db: Db, parentIds: string[]): Map<string, { tried: number; failed: number }> {
  const out = new Map<string, { tried: number; failed: number }>();
  for (let i = 0; i < parentIds.length; i += 500) {
    const chunk = sql.join(
      parentIds.slice(i, i + 500).map((id) => sql`${id}`),
      sql`, `,
    );
    const rows = db.all<{ parentId: string; tried: number; failed: number }>(sql`SELECT p.parent_id AS parentId, count(*) AS tried,
      sum(t.failure IS NOT NULL) AS failed FROM trial_parents p JOIN trials t ON t.id = p.trial_id
      WHERE p.parent_id IN (${chunk}) AND p.position = 0 GROUP BY p.parent_id`);
    for (const r of rows) out.set(r.parentId, { tried: r.tried, failed: r.failed });
  }
  return out;
}
