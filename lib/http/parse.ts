import type { z } from "zod";
import { LineageError } from "../domain/errors";
import { formatIssuePath } from "../domain/jsonl";

/** Parses input with its schema; the error names the first issue's path, as every 4xx does. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue.path);
  throw new LineageError("invalid_input", `${where} ${path || "(root)"}: ${issue.message}`, { path: issue.path.map(String) });
}
