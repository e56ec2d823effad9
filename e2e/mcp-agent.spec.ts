// An external agent's trials on the dashboard: a run started with an agent of kind mcp, one
// submission through /api/mcp with the SDK's own client, and the trial page showing the agent,
// its proposer and the context refs (the trials the agent read before it submitted).
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { expect, test } from "@playwright/test";
import { createTwoFilesPatch } from "diff";

test("an MCP agent's trial shows its agent, proposer and context refs", async ({ page, request, baseURL }) => {
  test.setTimeout(120_000);
  const res = await request.post("/api/runs", {
    data: { task: "golf-mini", trials: 3, name: "e2e mcp agent", agents: [{ surface: "model", proposer: "mcp" }] },
  });
  expect(res.status(), await res.text()).toBe(201);
  const runId = ((await res.json()) as { id: string }).id;
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  try {
    await expect
      .poll(
        async () => ((await (await request.get(`/api/runs/${encodeURIComponent(runId)}`)).json()) as { summary: { trialCount: number } }).summary.trialCount,
        { timeout: 60_000 },
      )
      .toBe(1);
    await client.connect(new StreamableHTTPClientTransport(new URL(`${baseURL}/api/mcp`)));
    const call = async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 90_000 })).structuredContent as Record<string, any>;
    const ctx = await call("get_lineage_context", { runId, agent: "model" });
    const model = (await call("get_trial_code", { trialId: ctx.parentId, path: "model.mjs" })).files[0].content as string;
    const diff = createTwoFilesPatch("a/model.mjs", "b/model.mjs", model, model.replace(/const ALPHA = [0-9.]+;/, "const ALPHA = 0.5;"));
    const submitted = await call("submit_trial", { runId, agent: "model", hypothesis: "halve the add-alpha smoothing", diff });
    expect(submitted.failure ?? null, JSON.stringify(submitted)).toBeNull();

    await page.goto(`/trials/${encodeURIComponent(submitted.trialId)}`);
    await expect(page.getByTestId("trial-hypothesis")).toHaveText("halve the add-alpha smoothing");
    await expect(page.getByText("mcp", { exact: true })).toBeVisible();
    await expect(page.getByTestId("trial-context-refs").getByRole("link")).toContainText([`#1`]);
    await page.screenshot({ path: "test-results/mcp-agent-trial.png", fullPage: true });
  } finally {
    await client.close().catch(() => {});
    await request.post(`/api/runs/${encodeURIComponent(runId)}/control/stop`).catch(() => {});
  }
});
