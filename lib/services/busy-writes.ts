// What the HTTP adapter needs to retry a write another process holds the lock for: whether an error
// is SQLite's busy/locked, and how many rows the connection has changed (unchanged across a failed
// attempt means it wrote nothing, so running it again cannot write twice). The SQL stays in db/.
export { isBusyError, totalChanges as changesSoFar } from "../../db/client";
