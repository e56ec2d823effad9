import { StartRunForm } from "@/components/run-control/start-run-form";
import { listStartableTasks } from "@/lib/services/start-run";

export const dynamic = "force-dynamic";

export default function NewRunPage() {
  return (
    <>
      <h1>Start a run</h1>
      <p>The runner beside this server runs the loop: proposals from the lineage, sandboxed evaluation, every outcome recorded.</p>
      <StartRunForm tasks={listStartableTasks()} />
    </>
  );
}
