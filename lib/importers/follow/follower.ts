// What `lineage watch` asks of a source it follows: a look at it now. "changed" hands a staged,
// complete copy to import (and an identity that stays the same while the source only grows, so the
// run keeps its id across looks and across restarts of watch).
export type FollowStep =
  | { kind: "unchanged" }
  | { kind: "waiting"; why: string }
  | {
      kind: "changed";
      /** a complete copy of the source as it stands, laid out as its importer expects */
      staged: string;
      /** stable while the source only grows: its first rows (or first program, first node) */
      identity: string;
      rows: number;
      /** the source no longer extends what was seen before */
      rewritten?: "truncated" | "replaced";
      remove: () => void;
    };

export type SourceFollower = { next: () => FollowStep };
