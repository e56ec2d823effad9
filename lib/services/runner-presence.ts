// Which runner daemons have a lease in the store: `lineage reeval` leaves its request to a live one
// and runs it itself otherwise (whether a lease's process lives is the runner's to judge).
import type { Db } from "../../db/client";
import { runnersOfKind } from "../../db/runner-queries";

export function daemonLeases(db: Db): { pid: number; heartbeatAt: string }[] {
  return runnersOfKind(db, "daemon").map(({ pid, heartbeatAt }) => ({ pid, heartbeatAt }));
}
