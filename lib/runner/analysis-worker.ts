// The runner daemon's share of ingest: it works off the audit analyses that bulk ingest (a trace
// upload, an import, a watch) queued, a batch at a time, so the web server's process never runs
// the audit's patterns over an upload. It looks every pollMs and yields between batches, so the
// runner's own ticks in this process go on.
import type { Db } from "../../db/client";
import { analyseQueuedBatch } from "../services/analysis-queue";

export type AnalysisWorkerOptions = { db: Db; pollMs?: number; log?: (line: string) => void };

export class AnalysisWorker {
  private timer: NodeJS.Timeout | undefined;
  private working: Promise<void> | undefined;
  private stopped = false;
  /** trials analysed since start */
  analysed = 0;

  constructor(private readonly o: AnalysisWorkerOptions) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.look(), this.o.pollMs ?? 1000);
    this.look();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.working;
  }

  private look(): void {
    if (this.working || this.stopped) return;
    this.working = this.workOff().finally(() => (this.working = undefined));
  }

  private readonly failed = (trialId: string, e: Error) =>
    this.o.log?.(`lineage runner: the audit analysis of trial ${JSON.stringify(trialId)} failed (${e.message}); it is stored as not analysed, for review`);

  private async workOff(): Promise<void> {
    try {
      for (let n; !this.stopped && (n = analyseQueuedBatch(this.o.db, { onFailure: this.failed })) > 0;) {
        this.analysed += n;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      // a busy store or a failing disk: the queue keeps the work, the next look tries again
      this.o.log?.(`lineage runner: audit analysis failed: ${(e as Error).message}`);
    }
  }
}
