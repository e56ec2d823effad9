import { VisibleText } from "@/components/ui/visible-text";
import type { listTasks } from "@/lib/services/catalog";
import { formatScore } from "./format";

type TaskItem = ReturnType<typeof listTasks>[number];

export function TasksTable({ tasks }: { tasks: TaskItem[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="tasks-table">
        <thead>
          <tr>
            <th>Task</th>
            <th>Metric</th>
            <th className="num">Declared baseline</th>
            <th className="num">Runs</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map((t) => (
            <tr key={t.id}>
              <td>
                <VisibleText text={t.name} />{" "}
                <span className="muted">
                  (<VisibleText text={t.id} />)
                </span>
              </td>
              <td>
                {t.metric.name} ({t.metric.direction}
                {t.metric.unit ? `, ${t.metric.unit}` : ""})
              </td>
              <td className="num">{formatScore(t.baselineScore)}</td>
              <td className="num">{t.runCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
