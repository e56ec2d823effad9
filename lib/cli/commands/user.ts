// lineage user add NAME --role R | token NAME [--label L] | tokens NAME | list | revoke NAME --token ID|--all
// | remove NAME | role NAME ROLE | password NAME. Each change is an event with actor "cli" and takes
// effect on the next request (every request reads users, sessions and tokens afresh). Passwords come
// from stdin (first line) or, at a terminal, from a prompt that does not echo; never from the command
// line, where they would land in shell history and the process list.
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { Role } from "../../auth/roles";
import { addUser, createApiToken, listTokens, listUsers, removeUser, revokeTokens, setPassword, setRole } from "../../services/accounts";
import { UsageError, openStore } from "../context";
import type { Reply } from "../output";

/** The prompt goes to stderr under --json, so stdout stays the one JSON answer. */
async function readPassword(prompt: NodeJS.WriteStream): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: prompt, terminal: process.stdin.isTTY === true });
  if (process.stdin.isTTY) {
    prompt.write("password: ");
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  }
  try {
    for await (const line of rl) return line.replace(/\r$/, "");
    return "";
  } finally {
    rl.close();
    if (process.stdin.isTTY) prompt.write("\n");
  }
}

const USAGE = "give add NAME --role R, token NAME [--label L], tokens NAME, list, revoke NAME --token ID|--all, remove NAME, role NAME ROLE, or password NAME";
/** How many positionals (verb included) each verb takes. */
const ARITY: Record<string, number> = { list: 1, add: 2, token: 2, tokens: 2, revoke: 2, remove: 2, role: 3, password: 2 };

function parseRole(value: string | undefined, flag: string): Role {
  const role = Role.safeParse(value);
  if (!role.success) throw new UsageError(`${flag} must be one of ${Role.options.join(", ")}${value === undefined ? "" : `, not ${JSON.stringify(value)}`}`);
  return role.data;
}

/**
 * --json answers: list {users: [{name, role, createdAt}]} · add {user, role, signInRequired} ·
 * token {user, role, id, label, token} · tokens {user, tokens: [{id, label, createdAt, revokedAt}]} ·
 * revoke {user, revoked} · remove {user, sessionsEnded, tokensRemoved} · role {user, from, to} ·
 * password {user, sessionsEnded}.
 */
export async function userCommand(args: string[], reply: Reply): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: "string" }, role: { type: "string" }, label: { type: "string" }, token: { type: "string" }, all: { type: "boolean" } },
    allowPositionals: true,
  });
  const [verb, name, third] = positionals;
  if (!verb || !(verb in ARITY)) throw new UsageError(USAGE);
  if (positionals.length !== ARITY[verb])
    throw new UsageError(`user ${verb}: ${ARITY[verb] === 3 ? "give NAME and ROLE" : ARITY[verb] === 2 ? "give exactly one NAME" : "takes no NAME"}; ${USAGE}`);
  if (verb === "revoke" && (values.token === undefined) === (values.all !== true))
    throw new UsageError("user revoke NAME: give either --token ID (see `lineage user tokens NAME`) or --all");
  if (verb === "revoke" && values.token !== undefined && values.token.trim() === "") throw new UsageError("user revoke NAME: --token needs a token id");
  const role = verb === "add" ? parseRole(values.role, "--role") : verb === "role" ? parseRole(third, "ROLE") : undefined;
  const password = verb === "add" || verb === "password" ? await readPassword(reply.json ? process.stderr : process.stdout) : undefined;
  const db = openStore(values.db);
  try {
    switch (verb) {
      case "list": {
        const users = listUsers(db).map((u) => ({ name: u.name, role: u.role, createdAt: u.createdAt }));
        reply.result({ users }, users.map((u) => `${u.name}\t${u.role}\t${u.createdAt}\n`).join(""));
        return 0;
      }
      case "add": {
        const u = await addUser(db, { name, role: role!, password: password! }, "cli");
        reply.result({ user: u.name, role: u.role, signInRequired: true }, `added ${u.name} (${u.role}); sign-in is now required on this database\n`);
        return 0;
      }
      case "token": {
        const t = createApiToken(db, { userName: name, label: values.label }, "cli");
        reply.note(`a new API token for ${t.user} (${t.role}), id ${t.id}; it is shown only now:\n`);
        reply.result({ user: t.user, role: t.role, id: t.id, label: values.label ?? "api", token: t.token }, `${t.token}\n`);
        return 0;
      }
      case "tokens": {
        const tokens = listTokens(db, name);
        reply.result(
          { user: name, tokens },
          tokens.map((t) => `${t.id}\t${t.label}\t${t.createdAt}\t${t.revokedAt ? `revoked ${t.revokedAt}` : "live"}\n`).join(""),
        );
        return 0;
      }
      case "revoke": {
        const r = revokeTokens(db, { userName: name, tokenId: values.token }, "cli");
        reply.result(r, `revoked ${r.revoked} token${r.revoked === 1 ? "" : "s"} of ${r.user}\n`);
        return 0;
      }
      case "remove": {
        const r = removeUser(db, name, "cli");
        reply.result(r, `removed ${r.user}: ${r.sessionsEnded} session(s) ended, ${r.tokensRemoved} token(s) gone\n`);
        return 0;
      }
      case "role": {
        const r = setRole(db, name, role!, "cli");
        reply.result(r, `${r.user} is now ${r.to} (was ${r.from})\n`);
        return 0;
      }
      default: {
        const r = await setPassword(db, name, password!, "cli");
        reply.result(r, `changed the password of ${r.user}; ${r.sessionsEnded} session(s) ended\n`);
        return 0;
      }
    }
  } finally {
    db.$client.close();
  }
}
