// Local accounts: adding users, signing in and out, API tokens, and telling who a request is.
// A wrong name and a wrong password get the same answer after the same work.
import { ulid } from "ulid";
import { z } from "zod";
import type { Db } from "../../db/client";
import * as q from "../../db/account-queries";
import { inWriteTransaction, insertEvent } from "../../db/write-queries";
import { SESSION_SECONDS } from "../auth/cookies";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../auth/password";
import { Role, type Principal } from "../auth/roles";
import { digestHex, newSecret } from "../auth/secrets";
import { LineageError } from "../domain/errors";

export const UserName = z.string().trim().min(1).max(100).regex(/^[\p{L}\p{N}._@-]+$/u, "letters, digits and . _ @ - only");
export const NewUser = z.strictObject({ name: UserName, role: Role, password: z.string().min(10, "at least 10 characters").max(1000) });
export type NewUser = z.infer<typeof NewUser>;
export const SignIn = z.strictObject({ name: z.string().max(200), password: z.string().max(1000) });
export type SignIn = z.infer<typeof SignIn>;

function recordEvent(db: Db, action: string, actor: string, at: string, detail: Record<string, unknown>) {
  insertEvent(db, { id: ulid(), runId: null, trialId: null, action, actor, at, detail, receivedAt: at });
}

export async function addUser(db: Db, input: NewUser, actor: string) {
  const user = NewUser.parse(input);
  if (q.userByName(db, user.name)) throw new LineageError("conflict", `a user named ${JSON.stringify(user.name)} already exists`);
  const passwordHash = await hashPassword(user.password);
  const at = new Date().toISOString();
  const row = { id: ulid(), name: user.name, role: user.role, passwordHash, createdAt: at };
  inWriteTransaction(db, () => {
    q.insertUser(db, row);
    recordEvent(db, "user.added", actor, at, { user: row.name, role: row.role });
  });
  return { id: row.id, name: row.name, role: row.role };
}

export const listUsers = (db: Db) => q.listUserRows(db).map((u) => ({ id: u.id, name: u.name, role: u.role, createdAt: u.createdAt }));
export const accountsEnabled = (db: Db) => q.hasUsers(db);

export async function signIn(db: Db, input: SignIn, now = new Date()) {
  const user = q.userByName(db, input.name.trim());
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok) throw new LineageError("unauthorized", "the name or the password is wrong");
  const sessionId = newSecret();
  const csrfToken = newSecret();
  const at = now.toISOString();
  inWriteTransaction(db, () => {
    q.deleteExpiredSessions(db, at);
    q.insertSession(db, { idHash: digestHex(sessionId), userId: user.id, csrfToken, createdAt: at, expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString() });
    recordEvent(db, "signed_in", user.name, at, {});
  });
  return { sessionId, csrfToken, user: { name: user.name, role: user.role } };
}

export function signOut(db: Db, sessionId: string) {
  q.deleteSession(db, digestHex(sessionId));
}

/** A new API token for a user, shown once; only its digest is kept. */
export function createApiToken(db: Db, input: { userName: string; label?: string }, actor: string) {
  const user = q.userByName(db, input.userName);
  if (!user) throw new LineageError("not_found", `no user named ${JSON.stringify(input.userName)}`);
  const token = newSecret("lin_");
  const at = new Date().toISOString();
  inWriteTransaction(db, () => {
    q.insertApiToken(db, { id: ulid(), userId: user.id, label: input.label ?? "api", tokenHash: digestHex(token), createdAt: at, revokedAt: null });
    recordEvent(db, "token.created", actor, at, { user: user.name, label: input.label ?? "api" });
  });
  return { token, user: user.name, role: user.role };
}

export function principalFromSession(db: Db, sessionId: string, now = new Date()): Principal | null {
  const found = q.sessionUser(db, digestHex(sessionId), now.toISOString());
  if (!found) return null;
  return { name: found.user.name, role: found.user.role, via: "session", userId: found.user.id, csrfToken: found.session.csrfToken };
}

export function principalFromApiToken(db: Db, token: string): Principal | null {
  const found = q.tokenUser(db, digestHex(token));
  return found ? { name: found.user.name, role: found.user.role, via: "user_token", userId: found.user.id } : null;
}

/** What the pages need to know about the caller: whether sign-in is on, who they are, their CSRF token. */
export function describeSession(db: Db, sessionId: string | undefined) {
  const accounts = accountsEnabled(db);
  const p = accounts && sessionId ? principalFromSession(db, sessionId) : null;
  return {
    accounts,
    user: accounts ? (p ? { name: p.name, role: p.role } : null) : { name: "local", role: "admin" as const },
    csrfToken: p?.csrfToken ?? null,
  };
}
export type SessionInfo = ReturnType<typeof describeSession>;
