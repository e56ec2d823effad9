import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { VisibleText } from "@/components/ui/visible-text";
import { requireSignedIn } from "@/lib/auth/page-session";
import { store } from "@/lib/server/store";
import { listActivity } from "@/lib/services/audit-activity";

export const dynamic = "force-dynamic";

/** The run an event is about: its own, or (imports, kept outside any run's trace) the one its detail names. */
const runOf = (e: { runId: string | null; detail: unknown }) =>
  e.runId ?? (typeof (e.detail as { runId?: unknown } | null)?.runId === "string" ? (e.detail as { runId: string }).runId : null);

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSignedIn("/activity");
  const raw = (await searchParams).before;
  const before = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : undefined;
  const page = listActivity(store(), { before });
  return (
    <section>
      <h1>Activity</h1>
      <p className="muted">
        Every recorded action with its actor, newest first: verdicts, accounts and tokens, runs started or stopped, imports.
        {session.accounts && session.user && session.csrfToken ? (
          <>
            {" "}
            Signed in as <strong>{session.user.name}</strong> ({session.user.role}). <SignOutButton />
          </>
        ) : null}
      </p>
      {page.items.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="activity-table">
            <thead>
              <tr>
                <th>when</th>
                <th>actor</th>
                <th>action</th>
                <th>run / trial</th>
                <th>detail</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => (
                <tr key={e.id}>
                  <td>{e.at}</td>
                  <td>
                    <VisibleText text={e.actor} />
                  </td>
                  <td>
                    <VisibleText text={e.action} />
                  </td>
                  <td>
                    {e.trialId ? (
                      <Link href={`/trials/${encodeURIComponent(e.trialId)}`}>
                        <VisibleText text={e.trialId} />
                      </Link>
                    ) : runOf(e) ? (
                      <Link href={`/runs/${encodeURIComponent(runOf(e)!)}`}>
                        <VisibleText text={runOf(e)!} />
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="pre-text">
                    <VisibleText text={e.detail ? JSON.stringify(e.detail).slice(0, 300) : ""} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.nextBefore !== null && <Link href={`/activity?before=${page.nextBefore}`}>Older</Link>}
    </section>
  );
}
