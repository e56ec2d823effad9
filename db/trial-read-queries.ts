// One trial's page of links (GET /api/trials/:id, the trial page), as statements prepared once per
// connection: building and preparing each query anew cost ten times the query itself (bench P3),
// and each list of linked trials is one join instead of ids first and their rows after.
import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "./client";
import { agents, trialContextRefs, trialParents, trials } from "./schema";

const linkColumns = {
  seq: trials.seq,
  agentId: trials.agentId,
  status: trials.status,
  score: trials.score,
  failure: trials.failure,
  isBest: trials.isBest,
};

function prepare(db: Db) {
  const id = sql.placeholder("id");
  return {
    trial: db.select().from(trials).where(eq(trials.id, id)).prepare(),
    agent: db.select().from(agents).where(eq(agents.id, id)).prepare(),
    // Left joins: a link is listed (its id kept) even if the trial it names is not in the store.
    parents: db
      .select({ id: trialParents.parentId, ...linkColumns })
      .from(trialParents)
      .leftJoin(trials, eq(trials.id, trialParents.parentId))
      .where(eq(trialParents.trialId, id))
      .orderBy(asc(trialParents.position))
      .prepare(),
    contextRefs: db
      .select({ id: trialContextRefs.refId, ...linkColumns })
      .from(trialContextRefs)
      .leftJoin(trials, eq(trials.id, trialContextRefs.refId))
      .where(eq(trialContextRefs.trialId, id))
      .orderBy(asc(trialContextRefs.position))
      .prepare(),
    // In the parent index's order (rowid within a parent), as the ids alone were read before.
    children: db
      .select({ id: trialParents.trialId, ...linkColumns })
      .from(trialParents)
      .innerJoin(trials, eq(trials.id, trialParents.trialId))
      .where(eq(trialParents.parentId, id))
      .orderBy(sql`${trialParents}.rowid`)
      .limit(sql.placeholder("limit"))
      .prepare(),
  };
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
const statements = (db: Db) => {
  let s = prepared.get(db);
  if (!s) prepared.set(db, (s = prepare(db)));
  return s;
};

/** A linked trial's light summary (no diff, no log). */
export type TrialLinkRow = { id: string; seq: number; agentId: string | null; status: string; score: number | null; failure: string | null; isBest: boolean };
type MaybeLink = { [K in keyof TrialLinkRow]: TrialLinkRow[K] | null } & { id: string };

/** A link whose trial was found, or null. */
const found = (r: MaybeLink): TrialLinkRow | null => (r.status === null ? null : (r as TrialLinkRow));

export const trialRowById = (db: Db, trialId: string) => statements(db).trial.get({ id: trialId });
export const agentRowById = (db: Db, agentId: string) => statements(db).agent.get({ id: agentId });

/** The trial's parents in position order: every id, and the rows of those in the store. */
export function parentLinksOf(db: Db, trialId: string): { ids: string[]; links: TrialLinkRow[] } {
  const rows = statements(db).parents.all({ id: trialId }) as MaybeLink[];
  return { ids: rows.map((r) => r.id), links: rows.map(found).filter((l) => l !== null) };
}

/** The trial's context refs in position order: every id, and the rows of those in the store. */
export function contextRefLinksOf(db: Db, trialId: string): { ids: string[]; links: TrialLinkRow[] } {
  const rows = statements(db).contextRefs.all({ id: trialId }) as MaybeLink[];
  return { ids: rows.map((r) => r.id), links: rows.map(found).filter((l) => l !== null) };
}

/** Up to `limit` children of the trial. */
export const childLinksOf = (db: Db, trialId: string, limit: number) => statements(db).children.all({ id: trialId, limit }) as TrialLinkRow[];
