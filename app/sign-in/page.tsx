import { SignInForm } from "@/components/auth/sign-in-form";
import { pageSession, safeNext } from "@/lib/auth/page-session";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNext((await searchParams).next);
  const session = await pageSession();
  return (
    <section className="auth-box">
      <h1>Sign in</h1>
      {!session.accounts ? (
        <p>
          This Lineage has no accounts: it is a single-user app on this machine, and everything is open. Add the first account with{" "}
          <code>lineage user add NAME --role admin</code>.
        </p>
      ) : session.user ? (
        <p>
          Signed in as <strong>{session.user.name}</strong> ({session.user.role}). <a href={next}>Continue</a>
        </p>
      ) : (
        <SignInForm next={next} />
      )}
    </section>
  );
}
