"use client";
import { useState } from "react";
import { ApiError } from "@/lib/api/client";
import { apiWrite } from "@/lib/api/write";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      await apiWrite("signIn", undefined, { json: { name: String(form.get("name") ?? ""), password: String(form.get("password") ?? "") } });
      window.location.assign(next);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "could not sign in");
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} className="auth-form" aria-label="Sign in">
      <label>
        Name <input name="name" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={busy}>
        Sign in
      </button>
      {error && (
        <p role="alert" className="bad">
          {error}
        </p>
      )}
    </form>
  );
}
