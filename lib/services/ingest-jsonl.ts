import { ulid } from "ulid";
import type { Db } from "../../db/client";
import { parseTraceLines } from "../domain/jsonl";
import { ingestTrace, type IngestOptions, type IngestResult } from "./ingest-trace";

/**
 * Parses JSONL lines and stores them atomically; records without an id get a ULID. Lines are parsed
 * lazily inside the transaction, so a file larger than memory streams through in one commit.
 */
export function ingestJsonlLines(db: Db, lines: Iterable<string>, opts: IngestOptions): IngestResult {
  return ingestTrace(db, parseTraceLines(lines, ulid), opts);
}

export function ingestJsonl(db: Db, text: string, opts: IngestOptions): IngestResult {
  return ingestJsonlLines(db, text.split("\n"), opts);
}
