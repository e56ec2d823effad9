"use client";

export default function RunError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="error-box" role="alert">
      <h1>This run could not be shown</h1>
      <p>{error.message || "The page could not be drawn."}</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </section>
  );
}
