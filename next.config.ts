import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Separate build folders let several checkouts' builds and servers share one tree (LINEAGE_NEXT_DIST).
  distDir: process.env.LINEAGE_NEXT_DIST || ".next",
  // better-sqlite3 is a native addon and re2-wasm loads its .wasm from beside its own file: load
  // both from node_modules at run time, never bundle them.
  serverExternalPackages: ["better-sqlite3", "re2-wasm"],
  poweredByHeader: false,
  typedRoutes: false,
  // Types are checked once by `tsc --noEmit` in `npm test`; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
