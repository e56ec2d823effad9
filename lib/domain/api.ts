// Query and answer shapes of the HTTP API that are not trace records.
import { z } from "zod";
import { FAILURE_LABELS } from "./failures";
import { LIMITS } from "./limits";
import { RecordId, TrialStatus } from "./trace";

export const ListTrialsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(50),
  cursor: z.string().max(500).optional(),
  agent: RecordId.optional(),
  failure: z.enum([...FAILURE_LABELS, "any", "none"]).optional(),
  status: TrialStatus.optional(),
  q: z.string().min(1).max(200).optional(),
  kept: z.stringbool().optional(),
  /** only trials that were (or were not) a new best of their run when evaluated */
  best: z.stringbool().optional(),
  /** score and delta (Δ vs the first parent) sort best first in the metric's direction, unscored last */
  sort: z.enum(["seq", "score", "delta"]).default("seq"),
});
export type ListTrialsQuery = z.infer<typeof ListTrialsQuery>;

export const ListRunsQuery = z.strictObject({ task: RecordId.optional() });
export type ListRunsQuery = z.infer<typeof ListRunsQuery>;

/** Where the next page of a trial list starts; opaque to clients. */
export const TrialCursor = z.discriminatedUnion("phase", [
  z.strictObject({ phase: z.literal("scored"), score: z.number(), seq: z.number().int() }),
  z.strictObject({ phase: z.literal("delta"), delta: z.number(), seq: z.number().int() }),
  z.strictObject({ phase: z.enum(["unscored", "seq"]), seq: z.number().int() }),
]);
export type TrialCursor = z.infer<typeof TrialCursor>;

/** Score-curve points a client asks for; the server never sends more than 2,000. */
export const RunCurveQuery = z.strictObject({
  max: z.coerce.number().int().min(10).max(2000).default(2000),
});
export type RunCurveQuery = z.infer<typeof RunCurveQuery>;

/** The lineage graph of a run; context edges ("this proposal saw that outcome") only on request. */
/** Cluster keys the user opened, as a JSON array (a key holds a trial id, which may hold any character). */
const OpenedClusters = z
  .string()
  .max(64 * 1024)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "not a JSON array of cluster keys" });
      return z.NEVER;
    }
  })
  .pipe(z.array(z.string().max(1024)).max(1000));

/**
 * GET /api/runs/:id/lineage: the level of detail of one viewport. `w`×`h` is the frame in pixels and
 * `x`, `y`, `k` the view (translate and zoom) when the client has one; without it the answer picks
 * the first view. `focus` is a trial's seq whose neighbourhood stays drawn and whose context is told.
 */
export const LineageQuery = z
  .strictObject({
    context: z.stringbool().default(false),
    w: z.coerce.number().int().min(50).max(20_000).default(1280),
    h: z.coerce.number().int().min(50).max(20_000).default(800),
    x: z.coerce.number().finite().optional(),
    y: z.coerce.number().finite().optional(),
    k: z.coerce.number().positive().max(10).optional(),
    open: OpenedClusters.default([]),
    focus: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => [q.x, q.y, q.k].every((v) => v === undefined) || [q.x, q.y, q.k].every((v) => v !== undefined), {
    message: "x, y and k come together",
    path: ["k"],
  });
export type LineageQuery = z.infer<typeof LineageQuery>;

/** Another trial of the same run to compare a trial with, by id or by seq (exactly one). */
export const TrialCompareQuery = z
  .strictObject({
    with: RecordId.optional(),
    seq: z.coerce.number().int().min(1).optional(),
    /** json (default) or the bare patch as plain text */
    format: z.enum(["json", "text"]).default("json"),
  })
  .refine((q) => (q.with === undefined) !== (q.seq === undefined), { message: "give exactly one of with or seq", path: ["with"] });
export type TrialCompareQuery = z.infer<typeof TrialCompareQuery>;

/** Runs to overlay on the compare page: ids separated by commas, at most 12. */
export const CompareRunsQuery = z.strictObject({
  runs: z
    .string()
    .max(12 * 201)
    .transform((s) => [
      ...new Set(
        s
          .split(",")
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(RecordId).min(1, "name at least one run").max(12, "at most 12 runs at once")),
  /** the arm the matched-budget table's Δ is against (an arm key; the first arm when absent or unknown) */
  ref: z.string().max(1000).optional(),
});
export type CompareRunsQuery = z.infer<typeof CompareRunsQuery>;

/** Sign-in with a name and password (JSON only). */
export const SignInInput = z.strictObject({ name: z.string().max(200), password: z.string().max(1000) });
export type SignInInput = z.infer<typeof SignInInput>;
