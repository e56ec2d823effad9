// Shapes of the audit's HTTP and CLI contracts: verdict input, queue and review queries.
import { z } from "zod";
import { LIMITS } from "../limits";
import { VerdictValue } from "../trace";
import { FINDING_KINDS } from "./finding-kinds";

/** A verdict from the form or the API; the auditor and time come from the server, never the client. */
export const VerdictInput = z
  .strictObject({
    verdict: VerdictValue,
    domain: z.string().trim().max(LIMITS.nameChars).optional(),
    reason: z.string().max(LIMITS.descriptionChars, `longer than ${LIMITS.descriptionChars} characters`).optional(),
  })
  .refine((v) => v.verdict !== "illegal" || (v.reason ?? "").trim().length > 0, {
    path: ["reason"],
    message: "an illegal verdict needs a reason",
  });
export type VerdictInput = z.infer<typeof VerdictInput>;

/** BULK_MAX: a selection larger than one screenful of pages is more likely a slip than a judgement. */
export const BULK_MAX = 500;

/** One verdict, domain and reason for a selection of trials of one run (recorded one per trial). */
export const BulkVerdictInput = z
  .strictObject({
    trialIds: z
      .array(z.string().min(1).max(LIMITS.nameChars))
      .min(1, "select at least one trial")
      .max(BULK_MAX, `at most ${BULK_MAX} trials at once`)
      .refine((ids) => new Set(ids).size === ids.length, "a trial is selected twice"),
    verdict: VerdictValue,
    domain: z.string().trim().max(LIMITS.nameChars).optional(),
    reason: z.string().max(LIMITS.descriptionChars, `longer than ${LIMITS.descriptionChars} characters`).optional(),
  })
  .refine((v) => v.verdict !== "illegal" || (v.reason ?? "").trim().length > 0, {
    path: ["reason"],
    message: "an illegal verdict needs a reason",
  });
export type BulkVerdictInput = z.infer<typeof BulkVerdictInput>;

/** Filters of the queue, as the page and GET /api/runs/:id/audit/queue take them. */
export const AuditQueueQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  /** only trials with no verdict yet (or whose latest is needs_review) */
  open: z.stringbool().default(false),
  /** filters, each kept in the page's URL: a classified (or declared) domain, a finding kind, the verdict status, an agent id */
  domain: z.string().trim().min(1).max(LIMITS.nameChars).optional(),
  finding: z.enum(FINDING_KINDS, { error: `must be one of the finding kinds: ${FINDING_KINDS.join(", ")}` }).optional(),
  verdict: z.enum(["legal", "illegal", "needs_review", "unreviewed"]).optional(),
  agent: z.string().trim().min(1).max(LIMITS.nameChars).optional(),
});
export type AuditQueueQuery = z.infer<typeof AuditQueueQuery>;

export const QueueCursor = z.strictObject({ phase: z.enum(["top", "rest"]), seq: z.number().int().nonnegative() });
export type QueueCursor = z.infer<typeof QueueCursor>;

export const DomainReviewQuery = z.strictObject({
  domain: z.string().trim().min(1).max(LIMITS.nameChars).default("architecture"),
});
export type DomainReviewQuery = z.infer<typeof DomainReviewQuery>;

export const AuditReportQuery = z.strictObject({ format: z.enum(["json", "md"]).default("json") });
export type AuditReportQuery = z.infer<typeof AuditReportQuery>;

export const VERDICT_STATUSES = ["legal", "illegal", "needs_review", "unreviewed"] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];
