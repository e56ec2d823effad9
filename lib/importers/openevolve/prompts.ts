// OpenEvolve keeps each program's prompts as {template: {system, user, responses[]}}: stored as the
// trial's context text, exactly what the proposer was given and answered.
export function renderPrompts(prompts: unknown): string | undefined {
  if (!prompts || typeof prompts !== "object") return undefined;
  const parts: string[] = [];
  for (const [template, body] of Object.entries(prompts as Record<string, unknown>)) {
    if (!body || typeof body !== "object") continue;
    const b = body as { system?: unknown; user?: unknown; responses?: unknown };
    parts.push(`=== ${template}: system ===\n${String(b.system ?? "")}`);
    parts.push(`=== ${template}: user ===\n${String(b.user ?? "")}`);
    if (Array.isArray(b.responses)) b.responses.forEach((r, i) => parts.push(`=== ${template}: response ${i + 1} ===\n${String(r)}`));
  }
  return parts.length ? parts.join("\n\n") : undefined;
}
