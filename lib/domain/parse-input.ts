// Input parsed with a zod schema, or a LineageError naming the first problem's field (the HTTP
// layer maps it to 400; the CLI prints it).
import type { z } from "zod";
import { LineageError } from "./errors";
import { formatIssuePath } from "./jsonl";

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = formatIssuePath(issue.path);
  throw new LineageError("invalid_input", `${where} ${path || "(root)"}: ${issue.message}`, { path: issue.path.map(String) });
}
