// A free-text note on a run or a trial, as the form and the API send it; who wrote it and when
// come from the server, never the body.
import { z } from "zod";
import { LIMITS } from "./limits";

export const NoteInput = z.strictObject({
  body: z
    .string({ error: "the note's text is missing" })
    .trim()
    .min(1, "a note needs some text")
    .max(LIMITS.descriptionChars, `longer than ${LIMITS.descriptionChars} characters`),
});
export type NoteInput = z.infer<typeof NoteInput>;
