"use client";
import { fetchJson } from "@/lib/api/fetch-json";

/** Signing out is a write like any other: it echoes the session's CSRF token. */
export function SignOutButton({ csrfToken }: { csrfToken: string }) {
  async function signOut() {
    await fetchJson("/api/auth/sign-out", { method: "POST", headers: { "x-lineage-csrf": csrfToken } }).catch(() => {});
    window.location.assign("/sign-in");
  }
  return (
    <button type="button" onClick={signOut}>
      Sign out
    </button>
  );
}
