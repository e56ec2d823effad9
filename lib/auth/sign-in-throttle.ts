// Slows down password guessing: per account name and per client address, after a few free
// failures each further one doubles the wait before the next try is even checked (1 s, 2 s, 4 s …
// up to 15 min). An attempt counts as a failure from the moment it starts, so a burst of parallel
// guesses is throttled like a sequence; a success clears the account's count. Kept in the server's
// memory (one Next.js process serves every request); a restart forgets it.
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 15 * 60_000;
/** A key with no failure for this long starts again from zero. */
const FORGET_AFTER_MS = 60 * 60_000;
const MAX_KEYS = 10_000;

type Entry = { failures: number; lastAt: number };

const delayAfter = (failures: number) => (failures < FREE_FAILURES ? 0 : Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_FAILURES)));

export class SignInThrottle {
  private entries = new Map<string, Entry>();

  private live(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastAt > FORGET_AFTER_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Milliseconds until any of these keys may try again (0: now). */
  waitMs(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const e = this.live(key, now);
      if (e) wait = Math.max(wait, e.lastAt + delayAfter(e.failures) - now);
    }
    return wait;
  }

  /** Counts an attempt against every key before its password is checked. */
  begin(keys: string[], now = Date.now()): void {
    if (this.entries.size >= MAX_KEYS) this.sweep(now);
    for (const key of keys) {
      const e = this.live(key, now) ?? { failures: 0, lastAt: now };
      this.entries.set(key, { failures: e.failures + 1, lastAt: now });
    }
  }

  /** The attempt succeeded: the account starts afresh; the address keeps its other failures. */
  succeeded(accountKey: string, addressKey: string): void {
    this.entries.delete(accountKey);
    const e = this.entries.get(addressKey);
    if (e) e.failures = Math.max(0, e.failures - 1);
  }

  /** Failures counted for a key now (for the event's detail). */
  failures(key: string, now = Date.now()): number {
    return this.live(key, now)?.failures ?? 0;
  }

  private sweep(now: number): void {
    for (const [k, e] of this.entries) if (now - e.lastAt > delayAfter(e.failures)) this.entries.delete(k);
    // Still full (a flood of distinct names): drop the oldest half rather than grow without bound.
    if (this.entries.size >= MAX_KEYS) [...this.entries.keys()].slice(0, MAX_KEYS / 2).forEach((k) => this.entries.delete(k));
  }
}

/** The server's one throttle (sign-in is answered by one process). */
export const signInThrottle = new SignInThrottle();
