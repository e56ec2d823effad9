// lineage user add NAME --role R | token NAME [--label L] | list. Passwords come from stdin (first
// line) or, at a terminal, from a prompt that does not echo; never from the command line, where
// they would land in shell history and the process list.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Role } from "../../auth/roles";
import { addUser, createApiToken, listUsers } from "../../services/accounts";
import { UsageError, openStore, stdio } from "../context";

async function readPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  if (process.stdin.isTTY) {
    process.stdout.write("password: ");
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  try {
    for await (const line of rl) return line.replace(/\r$/, "");
    return "";
  } finally {
    rl.close();
    if (process.stdin.isTTY) process.stdout.write("\n");
  }
}

export async function userCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, role: { type: "string" }, label: { type: "string" } },
    allowPositionals: true,
  });
  const [verb, name] = positionals;
  if (verb === "list") {
    const db = openStore(values.db);
    try {
      for (const u of listUsers(db)) stdio.out(`${u.name}\t${u.role}\t${u.createdAt}\n`);
      return 0;
    } finally {
      db.$client.close();
    }
  }
  if (!name || positionals.length !== 2 || (verb !== "add" && verb !== "token")) throw new UsageError("give add NAME --role R, token NAME, or list");
  if (verb === "add") {
    const role = Role.safeParse(values.role);
    if (!role.success) throw new UsageError(`--role must be one of ${Role.options.join(", ")}`);
    const password = await readPassword();
    const db = openStore(values.db);
    try {
      const u = await addUser(db, { name, role: role.data, password }, "cli");
      stdio.out(`added ${u.name} (${u.role}); sign-in is now required on this database\n`);
      return 0;
    } finally {
      db.$client.close();
    }
  }
  const db = openStore(values.db);
  try {
    const t = createApiToken(db, { userName: name, label: values.label }, "cli");
    stdio.err(`a new API token for ${t.user} (${t.role}); it is shown only now:\n`);
    stdio.out(`${t.token}\n`);
    return 0;
  } finally {
    db.$client.close();
  }
}
