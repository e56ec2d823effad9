"use client";
import { apiWrite } from "@/lib/api/write";

/** Signing out is a write like any other: it echoes the session's CSRF token (lib/api/write.ts). */
export function SignOutButton() {
  async function signOut() {
    await apiWrite("signOut", undefined).catch(() => {});
    window.location.assign("/sign-in");
  }
  return (
    <button type="button" onClick={signOut}>
      Sign out
    </button>
  );
}
