import type { Metadata } from "next";
import Link from "next/link";
import { Providers } from "@/components/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Lineage",
  description: "Auditable auto-research: trials, lineage, scores and failure labels",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            Lineage
          </Link>
          <nav aria-label="Main">
            <Link href="/">Runs</Link>
            <Link href="/runs/new">New run</Link>
            <Link href="/import">Import</Link>
            <a href="/schema/lineage-trace-1.json">Trace schema</a>
          </nav>
        </header>
        <main>
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
