import { RunsTable } from "@/components/runs/runs-table";
import { TasksTable } from "@/components/runs/tasks-table";
import { EmptyStore } from "@/components/runs/empty-store";
import { listRuns, listTasks } from "@/lib/services/catalog";
import { store } from "@/lib/server/store";

// Always read the database at request time: runs change while people look.
export const dynamic = "force-dynamic";

export default function HomePage() {
  const db = store();
  const tasks = listTasks(db);
  const runs = listRuns(db);
  if (tasks.length === 0) return <EmptyStore />;
  return (
    <>
      <h1>Runs</h1>
      <RunsTable runs={runs} />
      <h2>Tasks</h2>
      <TasksTable tasks={tasks} />
    </>
  );
}
