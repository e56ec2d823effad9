import { canonicalJson, dropEmpty } from "../domain/canonical";
import { LineageError } from "../domain/errors";
import type { RecordType } from "../domain/trace";

/**
 * Same record, or a conflicting re-use of its id? Keys the client left out take the stored value;
 * a top-level null says the same as an absent field (`"score": null` on a failed trial).
 */
export function sameContent<T extends object>(stored: T, incoming: T, serverFilled: (keyof T)[] = []): boolean {
  const filled = dropEmpty({ ...incoming });
  for (const k of serverFilled) if (filled[k] === undefined) filled[k] = stored[k];
  return canonicalJson(dropEmpty(stored)) === canonicalJson(filled);
}

export function conflict(type: RecordType, id: string): LineageError {
  return new LineageError("conflict", `${type} ${JSON.stringify(id)} already exists with different content`, { type, id });
}

export function missing(what: string, id: string, field: string): LineageError {
  return new LineageError("unknown_reference", `${field}: ${what} ${JSON.stringify(id)} does not exist`, { field, id });
}
