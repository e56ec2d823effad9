// The distinct scores of a run: what decides how many digits its figures need to stay apart.
import { sql } from "drizzle-orm";
import type { Db } from "./client";

export const distinctScores = (db: Db, runId: string): number[] =>
  db.all<{ s: number }>(sql`SELECT DISTINCT score AS s FROM trials WHERE run_id = ${runId} AND score IS NOT NULL`).map((r) => r.s);
