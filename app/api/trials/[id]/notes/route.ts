import { NoteInput } from "@/lib/domain/notes";
import { readHandler, readJson, writeHandler } from "@/lib/http/handler";
import { parseOrThrow } from "@/lib/http/parse";
import { addTrialNote, trialNotes } from "@/lib/services/notes";

type Params = { params: Promise<{ id: string }> };

/** The notes on the trial, oldest first. */
export function GET(req: Request, { params }: Params) {
  return readHandler(req, async ({ db }) => Response.json({ items: trialNotes(db, (await params).id) }));
}

/** Appends a note; its author is the signed-in user (or the token's owner), never the body. Same role as a verdict. */
export function POST(req: Request, { params }: Params) {
  return writeHandler(
    req,
    async ({ db, actor, req }) => {
      const note = parseOrThrow(NoteInput, await readJson(req), "body");
      return Response.json(addTrialNote(db, { trialId: (await params).id, note, author: actor.name }), { status: 201 });
    },
    { role: "auditor" },
  );
}
