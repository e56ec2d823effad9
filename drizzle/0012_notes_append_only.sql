-- Notes are a record of what people said: appended, never changed or removed.
CREATE TRIGGER notes_append_only
BEFORE UPDATE ON notes
BEGIN
  SELECT RAISE(ABORT, 'lineage: notes are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER notes_no_delete
BEFORE DELETE ON notes
BEGIN
  SELECT RAISE(ABORT, 'lineage: notes are append-only');
END;
