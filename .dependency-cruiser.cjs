/**
 * The module boundaries (docs/ARCHITECTURE.md), checked by `npm run lint`. Violations that predate a
 * rule are listed in .dependency-cruiser-known-violations.json and tolerated until they are fixed
 * (issue 21); anything new fails. Regenerate the list only when a violation is removed:
 * `npx depcruise src app components cli server.ts --config .dependency-cruiser.cjs --output-type baseline > .dependency-cruiser-known-violations.json`
 */
module.exports = {
  forbidden: [
    {
      name: "platform-not-to-modules",
      comment: "The kernel (src/platform) runs whatever modules it is given; it never imports one.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/modules/" },
    },
    {
      name: "no-other-modules-tables",
      comment: "A module writes and reads only its own tables; others ask through its use cases or react to its events.",
      severity: "error",
      // A schema may point a foreign key at another module's table: that is a reference, not a write.
      from: { path: "^src/modules/([^/]+)/", pathNot: "/schema\\.ts$" },
      to: { path: "^src/modules/([^/]+)/schema\\.ts$", pathNot: "^src/modules/$1/schema\\.ts$" },
    },
    {
      name: "no-module-cycles",
      comment: "Modules depend on each other in one direction; a cycle means a port is missing.",
      severity: "error",
      from: { path: "^src/modules/" },
      to: { circular: true, path: "^src/modules/" },
    },
    {
      name: "pages-not-to-database",
      comment: "Pages and components call services with the page's context; they never read the database or a table.",
      severity: "error",
      from: { path: "^(app|components)/.*\\.tsx$" },
      to: { path: "^src/(platform/db/client\\.ts|(modules/[^/]+|platform/.+)/schema\\.ts)$" },
    },
    {
      name: "no-app-from-src",
      comment: "Services never import pages, routes or components.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(app|components)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|\\.next)/|\\.(test|int\\.test|e2e)\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
