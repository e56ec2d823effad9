import { Suspense } from "react";
import { EmptyStore } from "@/components/runs/empty-store";
import { RunsView } from "@/components/runs/runs-view";
import { TasksTable } from "@/components/runs/tasks-table";
import { ListRunsQuery } from "@/lib/domain/api";
import { RunListItem } from "@/lib/domain/api-responses";
import { listRuns, listTasks } from "@/lib/services/catalog";
import { store } from "@/lib/server/store";

// Always read the database at request time: runs change while people look.
export const dynamic = "force-dynamic";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const db = store();
  const tasks = listTasks(db);
  if (tasks.length === 0) return <EmptyStore />;
  const sp = await searchParams;
  // An invalid task filter just shows every run; the client shows the filter as it stands.
  const parsed = ListRunsQuery.safeParse({ task: typeof sp.task === "string" ? sp.task : undefined });
  const task = parsed.success ? parsed.data.task : undefined;
  // the shapes the runs table is typed by (lib/domain/api-responses), checked as the API checks them
  const runs = listRuns(db, { task }).map((r) => RunListItem.parse(r));
  return (
    <>
      <h1>Runs</h1>
      <Suspense fallback={<p className="muted">Loading runs…</p>}>
        <RunsView tasks={tasks.map((t) => ({ id: t.id, name: t.name }))} initial={runs} initialTask={task} />
      </Suspense>
      <h2>Tasks</h2>
      <TasksTable tasks={tasks} />
    </>
  );
}
