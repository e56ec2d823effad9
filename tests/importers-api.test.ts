// `lineage import --from` and POST /api/import through the real built server.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fingerprint } from "./support/fingerprint";
import { runCli, startServer, type TestServer } from "./support/server";
import { buildShinkaFixture } from "./support/shinka-db";
import { tempDir } from "./support/temp-db";

const FIX = join(import.meta.dirname, "fixtures/importers");
const RECIPES = join(FIX, "recipes/pg_small");
let dir: ReturnType<typeof tempDir>;
beforeAll(() => (dir = tempDir()));
afterAll(() => dir.cleanup());

describe("lineage import --from", () => {
  it("imports a recipes folder, reports it, and says so when run again", async () => {
    const db = join(dir.dir, "cli.db");
    const r = await runCli(["import", "--from", "recipes", RECIPES, "--db", db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("read: recipes source pg_small: results.tsv (15 rows); 15 rows, 2 malformed");
    expect(r.stdout).toContain("by label: crash 2, size_failure 1, budget_overrun 2, gate_miss 1, infra_error 1");
    expect(r.stdout).toContain("results.tsv:13: malformed source row: 9 fields where the header has 18");
    const again = await runCli(["import", "--from", "recipes", join(RECIPES, "blackboard"), "--db", db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported: run recipes-[0-9a-f]{12} is stored unchanged/);
  });

  it("--strict exits non-zero listing the problems and stores nothing", async () => {
    const db = join(dir.dir, "strict.db");
    await runCli(["import", "--from", "autoresearch", join(FIX, "autoresearch/results.tsv"), "--db", db, "--run-name", "first"]);
    const before = fingerprint(db);
    const r = await runCli(["import", "--from", "recipes", RECIPES, "--strict", "--db", db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--strict: the source has 3 problems; nothing was imported");
    expect(r.stderr).toContain('results.tsv:16: malformed source row: not a number: train_s="~600"');
    expect(fingerprint(db)).toBe(before);
  });

  it("explains bad flags", async () => {
    const bad = await runCli(["import", "--from", "wandb", RECIPES]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--from must be one of recipes, autoresearch, aide, openevolve, shinka");
    const noFrom = await runCli(["import", "--metric", "x", "trace.jsonl"]);
    expect(noFrom.code).toBe(2);
    expect(noFrom.stderr).toContain("--metric needs --from FORMAT");
    const missing = await runCli(["import", "--from", "aide", join(dir.dir, "nope.json")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or folder");
  });
});

describe("POST /api/import", () => {
  let server: TestServer;
  let dbPath: string;
  beforeAll(async () => {
    dbPath = join(dir.dir, "api.db");
    server = await startServer(dbPath, { LINEAGE_BODY_LIMIT_BYTES: "300000" });
  }, 60_000);
  afterAll(() => server.stop());

  const form = (fields: Record<string, string>, files: [string, Uint8Array][]) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(fields)) f.append(k, v);
    for (const [name, bytes] of files) f.append("files", new Blob([bytes as BlobPart]), name);
    return f;
  };
  const post = async (body: FormData | string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/api/import`, { method: "POST", body, headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const recipesFiles = (): [string, Uint8Array][] => ["results.tsv", "tree.tsv", "best.json"].map((n) => [n, readFileSync(join(RECIPES, "blackboard", n))]);

  it("imports uploaded recipes files and answers the report; the run is readable", async () => {
    const r = await post(form({ format: "recipes", runName: "uploaded pg" }, recipesFiles()));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      format: "recipes",
      malformedRows: 2,
      task: { id: "parameter-golf" },
      run: { name: "uploaded pg", created: true },
      trials: { total: 15, kept: 2 },
    });
    const run = await (await fetch(`${server.url}/api/runs/${encodeURIComponent(r.body.run.id)}`)).json();
    expect(run.summary).toMatchObject({ trialCount: 16, keptCount: 2 });
    const again = await post(form({ format: "recipes", runName: "uploaded pg" }, recipesFiles()));
    expect(again.status).toBe(200);
    expect(again.body.alreadyImported).toBe(true);
  });

  it("makes the run the CLI makes from the same files, and its errors speak of the page's fields", async () => {
    const runIds = async () =>
      ((await (await fetch(`${server.url}/api/runs`)).json()) as { items: { id: string; name: string }[] }).items.map((r) => r.id).sort();
    const OFF = join(FIX, "recipes/pg_ablation_lineage_off");
    const cli = await runCli(["import", "--from", "recipes", OFF, "--db", dbPath]);
    expect(cli.code).toBe(0);
    const THROUGHPUT = join(FIX, "autoresearch/throughput/results.tsv");
    expect((await runCli(["import", "--from", "autoresearch", THROUGHPUT, "--db", dbPath])).code).toBe(0);
    const before = await runIds();
    const files = ["results.tsv", "best.json", "KNOWLEDGE.md", "LEADERBOARD.md"].map((n): [string, Uint8Array] => [
      n,
      readFileSync(join(OFF, "blackboard", n)),
    ]);
    const recipes = await post(form({ format: "recipes" }, files));
    expect(recipes.status).toBe(200);
    expect(recipes.body).toMatchObject({ alreadyImported: true, run: { name: "pg_ablation_lineage_off", created: false } });
    const autoresearch = await post(form({ format: "autoresearch" }, [["results.tsv", readFileSync(THROUGHPUT)]]));
    expect(autoresearch.status).toBe(200);
    expect(autoresearch.body).toMatchObject({ alreadyImported: true, run: { name: "throughput", created: false } });
    expect(await runIds()).toEqual(before);
    expect(before).toContain(recipes.body.run.id);
    expect(before).toContain(autoresearch.body.run.id);
    // Options make another run: the same files under another run name are a run of their own.
    const named = await post(form({ format: "autoresearch", runName: "second look" }, [["results.tsv", readFileSync(THROUGHPUT)]]));
    expect(named.status).toBe(201);
    expect(named.body.run.id).not.toBe(autoresearch.body.run.id);
    // A refusal names the page's field, not the CLI's flag.
    const clash = await post(form({ format: "autoresearch", taskId: recipes.body.task.id }, [["results.tsv", readFileSync(THROUGHPUT)]]));
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toContain("the Task id field");
    expect(clash.body.error.message).not.toContain("--");
    expect(autoresearch.body.notes.join("\n")).not.toMatch(/--[a-z]/);
  });

  it("imports a ShinkaEvolve database upload", async () => {
    const file = buildShinkaFixture(dir.dir, "programs.sqlite");
    const r = await post(form({ format: "shinka" }, [["programs.sqlite", readFileSync(file)]]));
    expect(r.status).toBe(201);
    expect(r.body.trials.byLabel).toEqual({ crash: 1, patch_failure: 1, invalid_result: 1 });
  });

  it("refuses what it must, changing nothing", async () => {
    const before = fingerprint(dbPath);
    const strict = await post(form({ format: "recipes", strict: "on" }, recipesFiles()));
    expect(strict.status).toBe(400);
    expect(strict.body.error.message).toContain("results.tsv:13: malformed source row");
    expect(strict.body.error.problemCount).toBe(3);
    const badFormat = await post(form({ format: "wandb" }, recipesFiles()));
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.message).toContain("form field format");
    const traversal = await post(form({ format: "aide" }, [["../journal.json", new Uint8Array([123, 125])]]));
    expect(traversal.status).toBe(400);
    const noFiles = await post(form({ format: "aide" }, []));
    expect(noFiles.body.error.message).toContain("choose at least one file");
    const tooBig = await post(form({ format: "autoresearch" }, [["results.tsv", new Uint8Array(400_000).fill(65)]]));
    expect(tooBig.status).toBe(413);
    const wrongType = await post("format=aide", { "Content-Type": "application/x-www-form-urlencoded" });
    expect(wrongType.status).toBe(415);
    const crossSite = await post(form({ format: "recipes" }, recipesFiles()), { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect(fingerprint(dbPath)).toBe(before);
  });
});
