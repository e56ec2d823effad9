-- Outcomes belong to the evaluator: once a trial is evaluated, nothing may change what it recorded
-- or remove it. The chain columns and derived is_best stay writable for the store's own upkeep.
CREATE TRIGGER trials_outcome_immutable
BEFORE UPDATE OF run_id, seq, hypothesis, diff, status, score, metrics, failure, failure_detail,
  wallclock_seconds, artifact_bytes, peak_memory_bytes, log, kept, hash, prev_hash ON trials
WHEN OLD.status = 'evaluated'
BEGIN
  SELECT RAISE(ABORT, 'lineage: an evaluated trial''s outcome is immutable');
END;
--> statement-breakpoint
CREATE TRIGGER trials_no_delete
BEFORE DELETE ON trials
WHEN OLD.status = 'evaluated'
BEGIN
  SELECT RAISE(ABORT, 'lineage: an evaluated trial cannot be deleted');
END;
--> statement-breakpoint
CREATE TRIGGER verdicts_append_only
BEFORE UPDATE ON verdicts
BEGIN
  SELECT RAISE(ABORT, 'lineage: verdicts are append-only');
END;
--> statement-breakpoint
CREATE TRIGGER events_append_only
BEFORE UPDATE ON events
BEGIN
  SELECT RAISE(ABORT, 'lineage: events are append-only');
END;
