// The one place domain and store errors become HTTP answers: a stable code, a message naming the
// problem, never a stack trace.
import { LineageError, type ErrorCode } from "../domain/errors";

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  conflict: 409,
  out_of_order: 409,
  unknown_reference: 422,
  chain_broken: 422,
  immutable: 409,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  database_busy: 503,
  time_limit: 504,
  disk_full: 507,
  database_corrupt: 500,
  database_unwritable: 500,
  migration_failed: 500,
  internal: 500,
};

/** SQLite errors that reach a handler mean the store, not the request, is in trouble. */
function fromStoreError(e: unknown): LineageError | null {
  const code = (e as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("SQLITE_")) return null;
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new LineageError("database_busy", "the database is busy with another writer; nothing was written, try again shortly");
  }
  if (code === "SQLITE_FULL") {
    return new LineageError("disk_full", "the database is full (disk or size cap); the write was rolled back and nothing was stored");
  }
  if (code === "SQLITE_CONSTRAINT_TRIGGER") return new LineageError("immutable", (e as Error).message);
  if (code === "SQLITE_READONLY") return new LineageError("database_unwritable", "the database file is read-only; nothing was written");
  return null;
}

export function toLineageError(e: unknown): LineageError {
  if (e instanceof LineageError) return e;
  return fromStoreError(e) ?? new LineageError("internal", "internal error");
}

export function toHttpResponse(e: unknown): Response {
  const err = toLineageError(e);
  if (err.code === "internal") console.error("lineage: internal error:", e);
  const headers: Record<string, string> = {};
  if (err.code === "database_busy") headers["Retry-After"] = "1";
  // rate_limited errors say how long to wait (details.retryAfterSeconds); clients get it as Retry-After.
  if (err.code === "rate_limited") headers["Retry-After"] = String(Math.max(1, Math.ceil(Number(err.details?.retryAfterSeconds ?? 1))));
  return Response.json({ error: { code: err.code, message: err.message, ...err.details } }, { status: STATUS[err.code], headers });
}
