import { z } from "zod";
import { TraceRecord, TRACE_SCHEMA } from "./trace";

/** The published JSON Schema of one trace line, generated from the zod schemas (input form: defaults optional). */
export function traceJsonSchema() {
  return {
    ...z.toJSONSchema(TraceRecord, { io: "input", unrepresentable: "any" }),
    $id: "/schema/lineage-trace-1.json",
    title: `${TRACE_SCHEMA} record (one line of a JSONL trace)`,
  };
}
