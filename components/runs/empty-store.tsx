export function EmptyStore() {
  return (
    <section className="empty" data-testid="empty-store">
      <h1>No runs yet</h1>
      <p>Lineage shows the trials of auto-research runs. Import a trace in the lineage-trace/1 format to see one here:</p>
      <pre>npx lineage import path/to/run.jsonl</pre>
      <p>
        or send it to the API:{" "}
        <code>curl -X POST -H &apos;Content-Type: application/x-ndjson&apos; --data-binary @run.jsonl http://127.0.0.1:3000/api/trace</code>
      </p>
      <p>
        The format is described by its <a href="/schema/lineage-trace-1.json">JSON Schema</a>.
      </p>
    </section>
  );
}
