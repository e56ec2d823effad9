// Opaque page cursors: a keyset position as base64url JSON, checked against its schema on the way
// back in, so a forged or foreign cursor is refused rather than trusted.
import type { z } from "zod";
import { LineageError } from "../domain/errors";

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(schema: S, text: string): z.infer<S> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: every undecodable cursor gets the same answer
  }
  throw new LineageError("invalid_input", "query cursor: not a cursor this server gave out", { path: ["cursor"] });
}
