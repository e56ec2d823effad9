-- A task's settings revisions are a history: appended, never changed or removed.
CREATE TRIGGER task_revisions_append_only
BEFORE UPDATE ON task_revisions
BEGIN
  SELECT RAISE(ABORT, 'lineage: task revisions are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER task_revisions_no_delete
BEFORE DELETE ON task_revisions
BEGIN
  SELECT RAISE(ABORT, 'lineage: task revisions are append-only');
END;
