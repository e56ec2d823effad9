import { describe, expect, it } from "vitest";
import { traceJsonSchema } from "./json-schema";
import { parseTraceLine, parseTraceText } from "./jsonl";
import { TraceRecord } from "./trace";

const S = "lineage-trace/1";

describe("trace records", () => {
  it("fills documented defaults", () => {
    const run = TraceRecord.parse({ schema: S, type: "run", id: "r", taskId: "t", name: "n" });
    expect(run).toMatchObject({ kind: "headline", feedback: "lineage", status: "finished" });
    const trial = TraceRecord.parse({ schema: S, type: "trial", id: "x", runId: "r", hypothesis: "" });
    expect(trial).toMatchObject({ status: "evaluated", parentIds: [], contextRefs: [] });
  });

  it("rejects unknown keys except inside free-form objects", () => {
    expect(() => TraceRecord.parse({ schema: S, type: "agent", id: "a", runId: "r", name: "n", color: "red" })).toThrow(/color/);
    const ok = TraceRecord.parse({ schema: S, type: "trial", id: "x", runId: "r", hypothesis: "h", extra: { anything: { goes: [1] } } });
    expect(ok.type === "trial" && ok.extra).toEqual({ anything: { goes: [1] } });
  });

  it("rejects another schema version and unknown types", () => {
    expect(() => TraceRecord.parse({ schema: "lineage-trace/2", type: "task", id: "t", name: "n", metric: { name: "m", direction: "minimize" } })).toThrow();
    expect(() => TraceRecord.parse({ schema: S, type: "banana", id: "b" })).toThrow();
  });

  it("needs a reason for an illegal verdict", () => {
    expect(() => TraceRecord.parse({ schema: S, type: "verdict", id: "v", trialId: "t", verdict: "illegal" })).toThrow(/reason/);
    expect(TraceRecord.parse({ schema: S, type: "verdict", id: "v", trialId: "t", verdict: "illegal", reason: "edited the grader" }).type).toBe("verdict");
  });

  it("rejects non-finite metrics and malformed times", () => {
    expect(() => TraceRecord.parse({ schema: S, type: "trial", id: "x", runId: "r", hypothesis: "h", metrics: { acc: Infinity } })).toThrow();
    expect(() => TraceRecord.parse({ schema: S, type: "trial", id: "x", runId: "r", hypothesis: "h", startedAt: "yesterday" })).toThrow(/startedAt/);
  });
});

describe("JSONL parsing", () => {
  it("numbers lines from 1 and skips blank ones", () => {
    const text = `\n${JSON.stringify({ schema: S, type: "agent", id: "a", runId: "r", name: "n" })}\r\n\n`;
    expect(parseTraceText(text).map((p) => p.line)).toEqual([2]);
  });

  it("fills a missing id from the generator", () => {
    const r = parseTraceLine(JSON.stringify({ schema: S, type: "agent", runId: "r", name: "n" }), 1, () => "generated");
    expect(r.id).toBe("generated");
  });

  it("names the line and the field path of the first issue", () => {
    const bad = JSON.stringify({ schema: S, type: "task", id: "t", name: "n", metric: { name: "m", direction: "up" } });
    expect(() => parseTraceText(`\n\n${bad}`)).toThrow(/^line 3: field metric\.direction: /);
  });
});

it("publishes a JSON Schema generated from the zod schemas", () => {
  const schema = traceJsonSchema() as { oneOf?: unknown[]; anyOf?: unknown[] };
  const variants = schema.oneOf ?? schema.anyOf ?? [];
  expect(variants).toHaveLength(6);
  expect(JSON.stringify(schema)).toContain('"hypothesis"');
});

it("refuses a diff over its cap by field", () => {
  const r = TraceRecord.safeParse({ schema: S, type: "trial", id: "x", runId: "r", hypothesis: "h", diff: "d".repeat(8_000_001) });
  expect(r.success).toBe(false);
  expect(r.error!.issues[0].path).toEqual(["diff"]);
});

it("reads a lone surrogate as U+FFFD, as the store would keep it, and leaves pairs alone", () => {
  const line = String.raw`{"schema":"lineage-trace/1","type":"trial","id":"t","runId":"r","hypothesis":"h \ud83d\ude00","log":"bytes \udcff end","extra":{"k\ud800":"\uD800"}}`;
  const r = parseTraceLine(line, 1) as Extract<TraceRecord, { type: "trial" }>;
  expect(r.hypothesis).toBe("h 😀");
  expect(r.log).toBe("bytes \ufffd end");
  expect(r.extra).toEqual({ "k\ufffd": "\ufffd" });
});
