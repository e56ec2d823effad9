export default function Loading() {
  return (
    <section aria-busy="true">
      <h1 className="muted">Loading the run…</h1>
    </section>
  );
}
