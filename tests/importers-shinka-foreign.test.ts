// A ShinkaEvolve database is another tool's file, read as untrusted (issue 9 item 8, issue 10
// item 7): a view or trigger bearing a table's name, a computed column, a damaged page, a file that
// is not SQLite or a table missing a column the reader needs are refused naming the file and the
// problem, by the import service (every case), the CLI (message, exit 1) and over HTTP (400 with code
// and message), never a 500 and never a hang; nothing is written, and the server keeps answering meanwhile.
import Database from "better-sqlite3";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LineageError } from "../lib/domain/errors";
import { importSource } from "../lib/services/import-source";
import { fingerprint } from "./support/fingerprint";
import { runCli, startServer, type TestServer } from "./support/server";
import { buildShinkaFixture } from "./support/shinka-db";
import { tempDb, tempDir } from "./support/temp-db";

let dir: ReturnType<typeof tempDir>;
let n = 0;
beforeAll(() => (dir = tempDir()));
afterAll(() => dir.cleanup());

/** The fixture database, changed by `sql`. */
function crafted(sql: string): string {
  const path = buildShinkaFixture(dir.dir, `programs-${n++}.sqlite`);
  const db = new Database(path);
  db.exec(sql);
  db.close();
  return path;
}

/** A fixture with enough rows to span many pages, then one page in the middle overwritten. */
function damaged(): string {
  const path = join(dir.dir, `damaged-${n++}.sqlite`);
  const db = new Database(path);
  db.exec(readFileSync(join(import.meta.dirname, "fixtures/importers/shinka/evolution_db.sql"), "utf8"));
  const insert = db.prepare("INSERT INTO programs (id, code, parent_id, generation, combined_score, correct) VALUES (?, ?, 'g0', ?, 0.1, 1)");
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`p${i}`, `def solve():\n    return ${i}\n` + "# padding\n".repeat(40), 3 + i);
  })();
  db.close();
  const bytes = readFileSync(path);
  const pages = bytes.length / 4096;
  bytes.fill(0xff, Math.floor(pages / 2) * 4096, Math.floor(pages / 2) * 4096 + 4096);
  writeFileSync(path, bytes);
  return path;
}

/** `programs` as a view over a recursive CTE that never ends: selecting from it would hang. */
const ENDLESS_VIEW = `DROP TABLE programs;
  CREATE VIEW programs AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
  SELECT 'p' || x AS id, NULL AS parent_id, '' AS code, x AS generation, 0.5 AS combined_score, 1 AS correct FROM c;`;

type Case = { name: string; file: () => string; message: RegExp };
const CASES: Case[] = [
  {
    name: "programs is a view (an endless recursive CTE)",
    file: () => crafted(ENDLESS_VIEW),
    message: /programs-\d+\.sqlite: programs is a view, not a table; Lineage reads only plain tables/,
  },
  {
    name: "attempt_log is a view",
    file: () => crafted("DROP TABLE attempt_log; CREATE VIEW attempt_log AS SELECT 'x' AS id, 'failed' AS status;"),
    message: /programs-\d+\.sqlite: attempt_log is a view, not a table/,
  },
  {
    name: "a trigger on programs",
    file: () => crafted("CREATE TABLE log (x); CREATE TRIGGER spy AFTER UPDATE ON programs BEGIN INSERT INTO log VALUES (1); END;"),
    message: /programs-\d+\.sqlite: it carries a trigger "spy" on programs/,
  },
  {
    name: "a column computed on read",
    file: () => crafted("ALTER TABLE programs ADD COLUMN slow TEXT GENERATED ALWAYS AS (printf('%.*c', 100000000, 'x')) VIRTUAL;"),
    message: /programs-\d+\.sqlite: programs has columns computed on read \(slow\)/,
  },
  {
    name: "a missing column of programs",
    file: () => crafted("ALTER TABLE programs DROP COLUMN parent_id;"),
    message: /programs-\d+\.sqlite: table programs has no column parent_id \(ShinkaEvolve writes id, parent_id, code\); nothing was imported/,
  },
  {
    name: "a missing column of attempt_log",
    file: () => crafted("ALTER TABLE attempt_log DROP COLUMN status;"),
    message: /programs-\d+\.sqlite: table attempt_log has no column status/,
  },
  { name: "a damaged page", file: damaged, message: /damaged-\d+\.sqlite: the file is damaged \(database disk image is malformed\); nothing was imported/ },
  {
    name: "a file that is not SQLite",
    file: () => {
      const p = join(dir.dir, "notes.sqlite");
      writeFileSync(p, "these are my notes, not a database\n".repeat(200));
      return p;
    },
    message: /notes\.sqlite: it is not an SQLite database; nothing was imported/,
  },
];

describe("the shinka import refuses an untrusted file by name, writing nothing", () => {
  for (const c of CASES) {
    it(c.name, () => {
      const store = tempDb();
      try {
        let refused: unknown;
        try {
          importSource(store.db, { path: c.file(), options: { format: "shinka", strict: false }, logTailChars: 65536 });
        } catch (e) {
          refused = e;
        }
        expect(refused).toBeInstanceOf(LineageError);
        expect((refused as LineageError).message).toMatch(c.message);
        expect((refused as LineageError).code).toBe("invalid_input");
        expect(fingerprint(store.path)).toMatch(/^tasks:\{"n":0/);
      } finally {
        store.cleanup();
      }
    });
  }
});

describe("lineage import --from shinka", () => {
  it("prints the refusal with its code and exits 1, writing nothing", async () => {
    const c = CASES[0];
    const db = join(dir.dir, "cli.db");
    const r = await runCli(["import", "--from", "shinka", c.file(), "--db", db]);
    expect(r.stderr).toMatch(c.message);
    expect(r.stderr).toContain("[invalid_input]");
    expect(r.code).toBe(1);
    expect(fingerprint(db)).toMatch(/^tasks:\{"n":0/);
  }, 30_000);
});

describe("POST /api/import refuses the same files with 400, answering health meanwhile", () => {
  let server: TestServer;
  let dbPath: string;
  beforeAll(async () => {
    dbPath = join(dir.dir, "api.db");
    server = await startServer(dbPath);
    await fetch(`${server.url}/api/health`); // the first answer of a route includes loading it; the tests time warm answers
  }, 60_000);
  afterAll(() => server.stop());

  for (const c of CASES) {
    it(
      c.name,
      async () => {
        const before = fingerprint(dbPath);
        const file = c.file();
        const form = new FormData();
        form.append("format", "shinka");
        form.append("files", new Blob([readFileSync(file)]), file.split("/").pop()!);
        const post = fetch(`${server.url}/api/import`, { method: "POST", body: form });
        const health = performance.now();
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        // a blocked server would answer only once the import's job ended (seconds, up to its time limit); 2 s leaves room for a loaded CI machine
        expect(performance.now() - health).toBeLessThan(2000);
        const res = await post;
        const body = (await res.json()) as any;
        expect(body.error.code).toBe("invalid_input");
        expect(body.error.message).toMatch(c.message);
        expect(res.status).toBe(400);
        expect(fingerprint(dbPath)).toBe(before);
      },
      30_000,
    );
  }
});
