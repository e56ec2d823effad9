// The runs list as the dashboard shows it: each run with the word its state reads ("stopped" for
// a run someone stopped), by the one definition in lib/domain/run-state.ts. listRuns does not carry
// the state yet (lib/services/catalog.ts belongs to another change); until it does, the word comes
// from the control service, which reads the run's last control event.
import type { Db } from "../../db/client";
import type { ListRunsQuery } from "../domain/api";
import { RunListItem } from "../domain/api-responses";
import { listRuns } from "../services/catalog";
import { getRunControl } from "../services/run-control";

export function listRunsWithState(db: Db, query: ListRunsQuery = {}): RunListItem[] {
  return listRuns(db, query).map((r) => RunListItem.parse({ ...r, state: getRunControl(db, r.id).state }));
}
