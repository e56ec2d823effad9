// Domain errors carry a stable code; transports (HTTP, CLI) map them to their own form in one place.
export type ErrorCode =
  | "invalid_input"
  | "invalid_json"
  | "unsupported_media_type"
  | "payload_too_large"
  | "not_found"
  | "conflict"
  | "unknown_reference"
  | "chain_broken"
  | "out_of_order"
  | "immutable"
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "database_busy"
  | "time_limit"
  | "disk_full"
  | "database_corrupt"
  | "database_unwritable"
  | "migration_failed"
  | "internal";

export class LineageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "LineageError";
  }
}

export function isLineageError(e: unknown): e is LineageError {
  return e instanceof LineageError;
}
