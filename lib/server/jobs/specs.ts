// The jobs the server hands to a child process, and how the child carries them out. Each job
// opens its own connection, so its SQLite waits (busy timeout, long reads) never stall the server.
import { join } from "node:path";
import { openDatabase, type Db } from "../../../db/client";
import { renderReportMarkdown } from "../../domain/audit/report-md";
import { importSource } from "../../services/import-source";
import type { ImportOptions } from "../../importers/options";
import type { ImportReport } from "../../importers/report";
import { auditReport } from "../../services/audit-report";

export type JobSpec =
  | { kind: "import"; path: string; options: ImportOptions; logTailChars: number; actor?: string }
  | { kind: "auditReport"; runId: string; format: "json" | "md" };

export type JobResult<S extends JobSpec> = S extends { kind: "import" } ? ImportReport : { body: string };

/** Where the job finds the store; the server passes its own settings on. */
export type JobStore = { dbPath: string; repoRoot: string; busyTimeoutMs: number; maxBytes?: number };

export function describeJob(spec: JobSpec): string {
  return spec.kind === "import" ? `the ${spec.options.format} import` : `the audit report of run ${JSON.stringify(spec.runId)}`;
}

export function executeJob(spec: JobSpec, store: JobStore): unknown {
  const db = open(store, spec.kind === "auditReport");
  try {
    switch (spec.kind) {
      case "import":
        return importSource(db, { path: spec.path, options: spec.options, logTailChars: spec.logTailChars, actor: spec.actor });
      case "auditReport": {
        const report = auditReport(db, spec.runId);
        // The same bytes the route used to send: Response.json's JSON.stringify, or the Markdown.
        return { body: spec.format === "json" ? JSON.stringify(report) : renderReportMarkdown(report) };
      }
    }
  } finally {
    db.$client.close();
  }
}

function open(store: JobStore, readonly: boolean): Db {
  return openDatabase(store.dbPath, {
    migrationsFolder: join(store.repoRoot, "drizzle"),
    busyTimeoutMs: store.busyTimeoutMs,
    maxBytes: store.maxBytes,
    readonly,
  });
}
