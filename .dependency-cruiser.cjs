// The layer rules of DESIGN.md §4 and ARCHITECTURE.md, checked by `npm test` (npm run check:layers).
// Each rule names the room it guards; a violation fails CI. Type-only imports are allowed where the
// rule is about run-time code (a component may name a service's result type, never call it).
/** @type {import('dependency-cruiser').IConfiguration} */
const notTests = "(^|/)(tests|e2e)/|\\.test\\.tsx?$";

module.exports = {
  forbidden: [
    {
      name: "domain-is-the-core",
      comment: "lib/domain is framework-free: it imports nothing of ours but lib/domain, and no next, react, drizzle, fs or child processes.",
      severity: "error",
      from: { path: "^lib/domain/", pathNot: notTests },
      to: { pathNot: "^lib/domain/|^node_modules/(zod|re2-wasm)/|^(node:)?crypto$" },
    },
    {
      name: "db-only-domain",
      comment: "db/ speaks SQL and knows only lib/domain.",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(lib|app|components|tasks|bench|scripts)/", pathNot: "^lib/domain/" },
    },
    {
      name: "only-db-and-composition-roots-open-db",
      comment:
        "Only services read and write the store. Opening a connection (db/client) is composition: the CLI's context, the server's store and its job processes.",
      severity: "error",
      from: { path: "^(lib|app|components)/", pathNot: `^lib/services/|^lib/cli/context\\.ts$|^lib/server/|${notTests}` },
      to: { path: "^db/", pathNot: "^db/client\\.ts$" },
    },
    {
      name: "db-client-only-at-roots",
      comment: "db/client (opening a connection) is for the composition roots and services.",
      severity: "error",
      from: { path: "^(lib|app|components)/", pathNot: `^lib/services/|^lib/cli/context\\.ts$|^lib/server/|${notTests}` },
      to: { path: "^db/client\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "services-are-below-their-callers",
      comment: "Services are called by the app, CLI, runner and MCP server; they call none of them.",
      severity: "error",
      from: { path: "^lib/services/", pathNot: notTests },
      to: { path: "^(lib/(runner|cli|http|api|server|mcp)|app|components)/" },
    },
    {
      name: "evaluator-knows-no-database",
      comment: "lib/evaluator turns a submission into an outcome; it knows nothing of the store or its callers.",
      severity: "error",
      from: { path: "^lib/evaluator/", pathNot: notTests },
      to: { path: "^(db|lib/(services|runner|cli|http|api|server|importers|mcp)|app|components)/" },
    },
    {
      name: "runner-calls-services",
      comment: "The runner is a scheduler: it records through services, never db/ itself.",
      severity: "error",
      from: { path: "^lib/runner/", pathNot: notTests },
      to: { path: "^(db|lib/(cli|http|api|server|mcp)|app|components)/", pathNot: "^db/client\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "bundle-renders-data",
      comment: "lib/bundle turns data a service gathered into static pages: it knows lib/domain only (service result types as import type).",
      severity: "error",
      from: { path: "^lib/bundle/", pathNot: notTests },
      to: { path: "^(db|lib/(services|runner|cli|http|api|server|evaluator|importers|mcp)|app|components|tasks)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "importers-are-pure-readers",
      comment: "Importers read a source into trace records; storing them is a service.",
      severity: "error",
      from: { path: "^lib/importers/", pathNot: notTests },
      to: { path: "^(db|lib/(services|runner|cli|http|api|server|evaluator|mcp)|app|components)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "browser-code-stays-in-the-browser",
      comment: "Components and lib/api run in the browser: never db/, services, the runner or the server at run time.",
      severity: "error",
      from: { path: "^(components|lib/api)/" },
      to: { path: "^(db|lib/(services|runner|cli|server|evaluator|importers|http|mcp)|tasks)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "lib-api-below-components",
      comment: "lib/api is the browser's typed client; components use it, not the other way round.",
      severity: "error",
      from: { path: "^lib/api/" },
      to: { path: "^components/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "nothing-imports-entry-points",
      comment: "The CLI, benchmarks and app are entry points; library code never imports them.",
      severity: "error",
      from: { path: "^(lib|db|components)/", pathNot: `^lib/cli/|${notTests}` },
      to: { path: "^(lib/cli|bench|app)/" },
    },
    {
      name: "lib-holds-nothing-task-specific",
      comment: "A task's code lives in tasks/<task>/ and is loaded through its manifest, never imported by lib/.",
      severity: "error",
      from: { path: "^(lib|db|app|components)/", pathNot: notTests },
      to: { path: "^tasks/" },
    },
    {
      name: "no-circular",
      comment: "Modules of ours form no cycles.",
      severity: "error",
      from: { path: "^(lib|db|app|components)/" },
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|test-results)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".tsx", ".mjs", ".js", ".json"],
    },
  },
};
