import Link from "next/link";

export default function RunNotFound() {
  return (
    <section className="empty" data-testid="run-not-found">
      <h1>Run not found</h1>
      <p>
        There is no run with this id in this database. <Link href="/">Back to the runs</Link>.
      </p>
    </section>
  );
}
