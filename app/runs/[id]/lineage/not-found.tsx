import Link from "next/link";

export default function RunNotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>No such run</h1>
      <p>
        There is no run with this id. <Link href="/">Back to the runs</Link>.
      </p>
    </section>
  );
}
