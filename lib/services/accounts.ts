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
import { SignInThrottle, signInThrottle } from "../auth/sign-in-throttle";
import { LineageError } from "../domain/errors";

export const UserName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}._@-]+$/u, "letters, digits and . _ @ - only");
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

/** Who is signing in from where: the client address keys the per-address throttle and is recorded on failures. */
export type SignInClient = { address: string };

/** The name as an event's actor: the attempted name when it could be one, else "anonymous" (never raw junk). */
const attemptedActor = (name: string) => (UserName.safeParse(name).success ? name.trim() : "anonymous");

export async function signIn(db: Db, input: SignIn, client: SignInClient, o: { now?: Date; throttle?: SignInThrottle } = {}) {
  const now = o.now ?? new Date();
  const throttle = o.throttle ?? signInThrottle;
  const name = input.name.trim();
  const keys = { account: `account:${name.toLowerCase()}`, address: `address:${client.address}` };
  const waitMs = throttle.waitMs([keys.account, keys.address], now.getTime());
  // Refused before the password is looked at, so waiting is the only way to try again.
  if (waitMs > 0) {
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    throw new LineageError("rate_limited", `too many failed sign-ins for this name or from this address; try again in ${retryAfterSeconds} s`, {
      retryAfterSeconds,
    });
  }
  throttle.begin([keys.account, keys.address], now.getTime());
  const user = q.userByName(db, name);
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  const at = now.toISOString();
  if (!user || !ok) {
    const failures = { account: throttle.failures(keys.account, now.getTime()), address: throttle.failures(keys.address, now.getTime()) };
    inWriteTransaction(db, () => recordEvent(db, "sign_in.failed", attemptedActor(name), at, { address: client.address, failures }));
    throw new LineageError("unauthorized", "the name or the password is wrong");
  }
  throttle.succeeded(keys.account, keys.address);
  const sessionId = newSecret();
  const csrfToken = newSecret();
  inWriteTransaction(db, () => {
    q.deleteExpiredSessions(db, at);
    q.insertSession(db, {
      idHash: digestHex(sessionId),
      userId: user.id,
      csrfToken,
      createdAt: at,
      expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString(),
    });
    recordEvent(db, "signed_in", user.name, at, { address: client.address });
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
  const tokenId = ulid();
  const at = new Date().toISOString();
  inWriteTransaction(db, () => {
    q.insertApiToken(db, { id: tokenId, userId: user.id, label: input.label ?? "api", tokenHash: digestHex(token), createdAt: at, revokedAt: null });
    recordEvent(db, "token.created", actor, at, { user: user.name, token: tokenId, label: input.label ?? "api" });
  });
  return { token, id: tokenId, user: user.name, role: user.role };
}

function existingUser(db: Db, name: string) {
  const user = q.userByName(db, name);
  if (!user) throw new LineageError("not_found", `no user named ${JSON.stringify(name)}`);
  return user;
}

/** Sign-in stays on and someone can still manage it: the last admin is never removed or demoted. */
function keepAnAdmin(db: Db, user: q.UserRow, what: string) {
  if (user.role === "admin" && q.countAdmins(db) <= 1) {
    throw new LineageError("conflict", `${user.name} is the only admin; add another admin before you ${what}`);
  }
}

/** The user's API tokens (ids, labels, whether revoked), never the tokens themselves. */
export function listTokens(db: Db, userName: string) {
  const user = existingUser(db, userName);
  return q.tokensOfUser(db, user.id).map((t) => ({ id: t.id, label: t.label, createdAt: t.createdAt, revokedAt: t.revokedAt }));
}

/** Revokes one token (by id) or all of a user's tokens; every request checks, so it takes effect at once. */
export function revokeTokens(db: Db, input: { userName: string; tokenId?: string }, actor: string) {
  const at = new Date().toISOString();
  return inWriteTransaction(db, () => {
    const user = existingUser(db, input.userName);
    if (input.tokenId !== undefined && !q.tokensOfUser(db, user.id).some((t) => t.id === input.tokenId)) {
      throw new LineageError("not_found", `${user.name} has no token with id ${JSON.stringify(input.tokenId)} (see \`lineage user tokens ${user.name}\`)`);
    }
    const revoked = q.revokeTokens(db, user.id, at, input.tokenId);
    recordEvent(db, "token.revoked", actor, at, { user: user.name, ...(input.tokenId !== undefined ? { token: input.tokenId } : { all: true }), revoked });
    return { user: user.name, revoked };
  });
}

/** Removes a user: their sessions end and their tokens go with them. */
export function removeUser(db: Db, userName: string, actor: string) {
  const at = new Date().toISOString();
  return inWriteTransaction(db, () => {
    const user = existingUser(db, userName);
    keepAnAdmin(db, user, "removing this one");
    const sessions = q.deleteSessionsOfUser(db, user.id);
    const tokens = q.deleteTokensOfUser(db, user.id);
    q.deleteUser(db, user.id);
    recordEvent(db, "user.removed", actor, at, { user: user.name, role: user.role, sessionsEnded: sessions, tokensRemoved: tokens });
    return { user: user.name, sessionsEnded: sessions, tokensRemoved: tokens };
  });
}

/** Changes a user's role; every request reads the role afresh, so sessions and tokens follow at once. */
export function setRole(db: Db, userName: string, role: Role, actor: string) {
  const at = new Date().toISOString();
  return inWriteTransaction(db, () => {
    const user = existingUser(db, userName);
    if (role !== "admin") keepAnAdmin(db, user, `making this one ${role === "auditor" ? "an" : "a"} ${role}`);
    q.updateUserRole(db, user.id, role);
    recordEvent(db, "user.role_changed", actor, at, { user: user.name, from: user.role, to: role });
    return { user: user.name, from: user.role, to: role };
  });
}

/** Sets a new password and ends the user's sessions (whoever knew the old one is signed out). */
export async function setPassword(db: Db, userName: string, password: string, actor: string) {
  existingUser(db, userName);
  const parsed = NewUser.shape.password.safeParse(password);
  if (!parsed.success) throw new LineageError("invalid_input", `password: ${parsed.error.issues[0].message}`, { path: ["password"] });
  const passwordHash = await hashPassword(parsed.data);
  const at = new Date().toISOString();
  return inWriteTransaction(db, () => {
    const user = existingUser(db, userName);
    q.updateUserPassword(db, user.id, passwordHash);
    const sessions = q.deleteSessionsOfUser(db, user.id);
    recordEvent(db, "user.password_changed", actor, at, { user: user.name, sessionsEnded: sessions });
    return { user: user.name, sessionsEnded: sessions };
  });
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
