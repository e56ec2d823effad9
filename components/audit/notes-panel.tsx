"use client";
// Notes on a run or a trial: who wrote what and when, oldest first, and a box to append one.
// Nothing here edits or removes a note; a later note is how one corrects an earlier one.
import { useState } from "react";
import { VisibleText } from "@/components/ui/visible-text";
import { ApiError } from "@/lib/api/client";
import { apiWrite } from "@/lib/api/write";
import type { NoteView } from "@/lib/domain/api-responses";
import "./audit.css";

type Props = { target: { kind: "run" | "trial"; id: string }; initial: NoteView[]; canWrite: boolean; title?: string };

export function NotesPanel({ target, initial, canWrite, title = "Notes" }: Props) {
  const [notes, setNotes] = useState(initial);
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function add() {
    if (!body.trim()) return setError("a note needs some text");
    setBusy(true);
    setError(null);
    try {
      const n = await apiWrite(target.kind === "run" ? "addRunNote" : "addTrialNote", { id: target.id }, { json: { body } });
      setNotes((list) => [...list, n]);
      setBody("");
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "the note was not recorded");
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="notes-panel" aria-labelledby={`notes-${target.kind}`} data-testid="notes">
      <h2 id={`notes-${target.kind}`}>{title}</h2>
      {notes.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ol className="notes-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="note">
              <p className="note-meta">
                <strong>
                  <VisibleText text={n.author} />
                </strong>{" "}
                <time dateTime={n.createdAt} className="muted">
                  {n.createdAt.replace("T", " ").slice(0, 16)} UTC
                </time>
              </p>
              <p className="pre-text">
                <VisibleText text={n.body} />
              </p>
            </li>
          ))}
        </ol>
      )}
      {canWrite ? (
        <form
          className="note-form"
          aria-label={`Add a note on this ${target.kind}`}
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label>
            Add a note <textarea name="note" rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={20000} />
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Add note
            </button>{" "}
            <span className="muted">Notes are appended with your name and the time; they cannot be edited or removed.</span>
          </div>
          {error && (
            <p role="alert" className="bad">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className="muted">Only auditors and admins add notes.</p>
      )}
    </section>
  );
}
