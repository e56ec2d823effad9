// openai:<model> — any OpenAI-compatible chat-completions endpoint. It is asked for a hypothesis
// and a unified diff; an endpoint that cannot be reached is retried with backoff, then the run
// pauses with the reason (ProposerUnavailable). An answer without a usable diff is a failed trial.
import { ProposalError, ProposerUnavailable, type Proposal, type ProposalRequest, type Proposer } from "./types";

export type OpenAiSettings = { baseUrl: string; apiKey?: string; retries?: number; backoffMs?: number; timeoutMs?: number };

const SYSTEM = `You improve a machine-learning recipe in a closed research loop. Answer in exactly this form:
HYPOTHESIS: <one paragraph: what you change and why it should improve the metric>
\`\`\`diff
<a unified diff (git format, a/ and b/ prefixes) against the files shown, touching only your surface>
\`\`\``;

const MAX_FILE_CHARS = 60_000;

function userMessage(req: ProposalRequest): string {
  const shown = [...req.parent.files].filter(
    ([path]) => !req.agent.surfacePaths || req.agent.surfacePaths.some((p) => p === path || path.startsWith(p.replace(/\*+.*$/, ""))),
  );
  const files = shown
    .map(([path, content]) => `--- ${path} ---\n${content.length > MAX_FILE_CHARS ? content.slice(0, MAX_FILE_CHARS) + "\n[…cut]" : content}`)
    .join("\n\n");
  return `${req.context}\n\n## The parent's code (trial ${req.parent.id})\n\n${files}`;
}

export function parseAnswer(text: string): { hypothesis: string; diff: string } {
  const fence = /```(?:diff|patch)?[ \t]*\n([\s\S]*?)```/.exec(text);
  const hyp = /HYPOTHESIS:\s*([\s\S]*?)(?:```|$)/i.exec(text);
  const hypothesis = (hyp?.[1] ?? text.slice(0, fence?.index ?? 2000)).trim();
  const diff = fence?.[1] ?? (/^(diff --git|--- )/m.test(text) ? text.slice(text.search(/^(diff --git|--- )/m)) : "");
  return { hypothesis, diff };
}

export class OpenAiProposer implements Proposer {
  readonly spec: string;
  constructor(
    private readonly model: string,
    private readonly settings: OpenAiSettings,
  ) {
    this.spec = `openai:${model}`;
  }

  async propose(req: ProposalRequest): Promise<Proposal> {
    const content = await this.complete(req);
    const { hypothesis, diff } = parseAnswer(content);
    if (!diff.trim()) throw new ProposalError("the model's answer holds no diff", { hypothesis });
    return { hypothesis, diff, extra: { model: this.model } };
  }

  private async complete(req: ProposalRequest): Promise<string> {
    const retries = this.settings.retries ?? 4;
    const url = `${this.settings.baseUrl.replace(/\/+$/, "")}/chat/completions`;
    let lastError = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await sleep((this.settings.backoffMs ?? 1000) * 2 ** (attempt - 1), req.signal);
      if (req.signal.aborted) throw new ProposalError("interrupted");
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", ...(this.settings.apiKey ? { Authorization: `Bearer ${this.settings.apiKey}` } : {}) },
          body: JSON.stringify({
            model: this.model,
            messages: [
              { role: "system", content: SYSTEM },
              { role: "user", content: userMessage(req) },
            ],
          }),
          signal: AbortSignal.any([req.signal, AbortSignal.timeout(this.settings.timeoutMs ?? 300_000)]),
        });
        if (!res.ok) {
          lastError = `${url} answered HTTP ${res.status}`;
          if (res.status === 429 || res.status >= 500) continue;
          throw new ProposerUnavailable(`${lastError} (check LINEAGE_LLM_BASE_URL, LINEAGE_LLM_API_KEY and the model name)`);
        }
        const body = (await res.json().catch(() => null)) as { choices?: { message?: { content?: unknown } }[] } | null;
        const text = body?.choices?.[0]?.message?.content;
        if (typeof text !== "string") throw new ProposalError("the endpoint's answer has no choices[0].message.content");
        return text;
      } catch (e) {
        if (e instanceof ProposalError || e instanceof ProposerUnavailable) throw e;
        lastError = `${url} unreachable: ${(e as Error).cause ? String(((e as Error).cause as Error).message ?? (e as Error).cause) : (e as Error).message}`;
      }
    }
    throw new ProposerUnavailable(`${lastError}; gave up after ${retries + 1} attempts`);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });
}
