import { ImportForm } from "@/components/import/import-form";

export const metadata = { title: "Import · Lineage" };

export default function ImportPage() {
  return (
    <>
      <h1>Import another tool&apos;s trace</h1>
      <p className="muted">
        Each source becomes one run. Malformed rows are kept and marked; with “strict” the whole source is refused instead. Importing the same files again
        changes nothing.
      </p>
      <ImportForm />
    </>
  );
}
