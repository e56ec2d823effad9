// Accounts, sessions and API tokens. Secrets are looked up by their SHA-256 (a unique index).
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "./client";
import { apiTokens, sessions, users } from "./schema";

export type UserRow = typeof users.$inferSelect;
type SessionRow = typeof sessions.$inferSelect;
type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Whether any account exists: one indexed row, asked on every request. */
export const hasUsers = (db: Db) =>
  db
    .select({ one: sql<number>`1` })
    .from(users)
    .limit(1)
    .get() !== undefined;

export const userByName = (db: Db, name: string) => db.select().from(users).where(eq(users.name, name)).get();
export const listUserRows = (db: Db) => db.select().from(users).orderBy(asc(users.name)).all();
export const insertUser = (db: Db, u: UserRow) => db.insert(users).values(u).run();
export const updateUserPassword = (db: Db, id: string, passwordHash: string) => db.update(users).set({ passwordHash }).where(eq(users.id, id)).run();

export const insertSession = (db: Db, s: SessionRow) => db.insert(sessions).values(s).run();
export const deleteSession = (db: Db, idHash: string) => db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
export const deleteExpiredSessions = (db: Db, now: string) => db.delete(sessions).where(lt(sessions.expiresAt, now)).run();

export function sessionUser(db: Db, idHash: string, now: string) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, idHash), gt(sessions.expiresAt, now)))
    .get();
}

export const insertApiToken = (db: Db, t: ApiTokenRow) => db.insert(apiTokens).values(t).run();

export function tokenUser(db: Db, tokenHash: string) {
  return db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();
}

export const countAdmins = (db: Db) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .where(eq(users.role, "admin"))
    .get()!.n;
export const updateUserRole = (db: Db, id: string, role: UserRow["role"]) => db.update(users).set({ role }).where(eq(users.id, id)).run();
export const deleteSessionsOfUser = (db: Db, userId: string) => db.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
export const deleteTokensOfUser = (db: Db, userId: string) => db.delete(apiTokens).where(eq(apiTokens.userId, userId)).run().changes;
export const deleteUser = (db: Db, id: string) => db.delete(users).where(eq(users.id, id)).run();
export const tokensOfUser = (db: Db, userId: string) =>
  db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id)).all();

/** Revokes the user's live tokens (one by id, or all); returns how many were live. */
export function revokeTokens(db: Db, userId: string, at: string, tokenId?: string) {
  const which = tokenId === undefined ? eq(apiTokens.userId, userId) : and(eq(apiTokens.userId, userId), eq(apiTokens.id, tokenId));
  return db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(and(which, isNull(apiTokens.revokedAt)))
    .run().changes;
}
