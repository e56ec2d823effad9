// How a tool answers: the result as structured content and as its JSON text (clients that read
// only text see the same data); a refusal as a tool error naming its code, never a thrown crash.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LineageError } from "../domain/errors";

export function toolResult(value: object): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value as Record<string, unknown> };
}

export function toolError(e: unknown): CallToolResult {
  const err = e instanceof LineageError ? e : new LineageError("internal", "internal error");
  if (!(e instanceof LineageError)) console.error("lineage mcp: internal error:", e);
  return {
    isError: true,
    content: [{ type: "text", text: `${err.code}: ${err.message}` }],
    structuredContent: { error: { code: err.code, message: err.message } },
  };
}

/** Runs a tool body, turning a refusal into a tool error. */
export async function answer(fn: () => object | Promise<object>): Promise<CallToolResult> {
  try {
    return toolResult(await fn());
  } catch (e) {
    return toolError(e);
  }
}
