/**
 * Layer rules from DESIGN.md §3 (see docs/ARCHITECTURE.md). An arrow "may import":
 *   server, cli -> app -> { db, evidence, analytics, reports, oscal, catalog } -> core
 *   web (browser) talks to the server over HTTP only.
 * Each rule below forbids what a layer must not import; CI fails on any violation.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Cycles make layers meaningless.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-pure",
      severity: "error",
      comment: "src/core imports nothing but itself (and node:crypto for hashing, which is pure).",
      from: { path: layer("core") },
      to: { pathNot: ["^src/core/", "^node:crypto$", "^crypto$", "node_modules/zod/"] },
    },
    {
      name: "core-no-io-types",
      severity: "error",
      from: { path: layer("core") },
      to: { path: "^src/(?!core/)" },
    },
    {
      name: "lower-layers-only-core",
      severity: "error",
      comment:
        "catalog, db, evidence, analytics, reports and oscal may import core, never each other or upper layers.",
      from: { path: "^src/(catalog|db|evidence|analytics|reports|oscal)/" },
      to: { path: "^src/(app|server|cli)/" },
    },
    {
      name: "lower-layers-are-siblings",
      severity: "error",
      from: { path: "^src/(catalog|db|evidence|analytics|reports|oscal)/" },
      to: {
        path: "^src/(catalog|db|evidence|analytics|reports|oscal)/",
        pathNot: "^src/$1/",
      },
    },
    {
      name: "app-not-transport",
      severity: "error",
      comment: "Use-cases never see HTTP or the command line.",
      from: { path: layer("app") },
      to: { path: "^src/(server|cli)/|^(fastify|@fastify/.*|commander)$" },
    },
    {
      name: "server-through-app",
      severity: "error",
      comment: "The server reaches data only through use-cases.",
      from: { path: layer("server") },
      to: { path: "^src/(db|evidence|analytics|reports|oscal|catalog|cli)/" },
    },
    {
      name: "cli-through-app",
      severity: "error",
      from: { path: layer("cli") },
      to: { path: "^src/(db|evidence|analytics|reports|oscal|catalog)/" },
    },
    {
      name: "web-http-only",
      severity: "error",
      comment: "The browser code talks to /api; it never imports server code.",
      from: { path: "^web/" },
      to: { path: "^src/" },
    },
    {
      name: "not-to-tests",
      severity: "error",
      from: { pathNot: "\\.test\\.ts$|^test/" },
      to: { path: "\\.test\\.ts$|^test/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules|dist" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
