import Link from "next/link";

export default function TrialNotFound() {
  return (
    <section className="empty" data-testid="not-found">
      <h1>No such trial</h1>
      <p>
        There is no trial with this id. <Link href="/">Back to the runs</Link>.
      </p>
    </section>
  );
}
