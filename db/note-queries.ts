// Reads and writes of notes (append-only: a trigger refuses UPDATE and DELETE).
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "./client";
import { notes } from "./schema";

export type NoteRow = typeof notes.$inferSelect;

export function insertNote(db: Db, n: NoteRow): void {
  db.insert(notes).values(n).run();
}

/** Notes on the run itself (not on its trials), oldest first. */
export const runNoteRows = (db: Db, runId: string): NoteRow[] =>
  db
    .select()
    .from(notes)
    .where(and(eq(notes.runId, runId), isNull(notes.trialId)))
    .orderBy(asc(notes.createdAt), asc(notes.id))
    .all();

export const trialNoteRows = (db: Db, trialId: string): NoteRow[] =>
  db.select().from(notes).where(eq(notes.trialId, trialId)).orderBy(asc(notes.createdAt), asc(notes.id)).all();

/** Every note of a run, on the run and on its trials, oldest first (for the audit report). */
export const allNoteRowsOfRun = (db: Db, runId: string): NoteRow[] =>
  db.select().from(notes).where(eq(notes.runId, runId)).orderBy(asc(notes.createdAt), asc(notes.id)).all();
