import Link from "next/link";

export default function NotFound() {
  return (
    <section className="empty">
      <h1>Not found</h1>
      <p>
        Nothing lives at this address. <Link href="/">Back to the runs</Link>.
      </p>
    </section>
  );
}
