// Notes: free text a person appends to a run or a trial, with who wrote it and when, and an event
// naming them. Never edited or removed (the table refuses it); a later note is how one corrects.
import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { allNoteRowsOfRun, insertNote, runNoteRows, trialNoteRows, type NoteRow } from "../../db/note-queries";
import { getRunRow, getTrialRow } from "../../db/read-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import { LineageError } from "../domain/errors";
import type { NoteInput } from "../domain/notes";

export type NoteView = { id: string; runId: string; trialId: string | null; author: string; body: string; createdAt: string };
const view = (n: NoteRow): NoteView => ({ id: n.id, runId: n.runId, trialId: n.trialId, author: n.author, body: n.body, createdAt: n.createdAt });

type AddNote = { note: NoteInput; author: string; now?: Date };

function append(db: Db, runId: string, trialId: string | null, input: AddNote): NoteView {
  const at = (input.now ?? new Date()).toISOString();
  const row: NoteRow = { id: ulid(), runId, trialId, author: input.author, body: input.note.body, createdAt: at };
  inWriteTransaction(db, () => {
    insertNote(db, row);
    insertEvent(db, { id: ulid(), runId, trialId, action: "note", actor: input.author, at, detail: { noteId: row.id }, receivedAt: at });
  });
  return view(row);
}

export function addRunNote(db: Db, input: AddNote & { runId: string }): NoteView {
  if (!getRunRow(db, input.runId)) throw new LineageError("not_found", `run ${JSON.stringify(input.runId)} does not exist`);
  return append(db, input.runId, null, input);
}

export function addTrialNote(db: Db, input: AddNote & { trialId: string }): NoteView {
  const trial = getTrialRow(db, input.trialId);
  if (!trial) throw new LineageError("not_found", `trial ${JSON.stringify(input.trialId)} does not exist`);
  return append(db, trial.runId, trial.id, input);
}

export function runNotes(db: Db, runId: string): NoteView[] {
  if (!getRunRow(db, runId)) throw new LineageError("not_found", `run ${JSON.stringify(runId)} does not exist`);
  return runNoteRows(db, runId).map(view);
}

export function trialNotes(db: Db, trialId: string): NoteView[] {
  if (!getTrialRow(db, trialId)) throw new LineageError("not_found", `trial ${JSON.stringify(trialId)} does not exist`);
  return trialNoteRows(db, trialId).map(view);
}

/** Every note of the run, on the run and on its trials, oldest first. */
export const allNotesOfRun = (db: Db, runId: string): NoteView[] => allNoteRowsOfRun(db, runId).map(view);
