// Mutation testing (StrykerJS with its vitest runner): `npm run mutate` mutates the pure domain (lambdas/core),
// the AWS adapters (lambdas/adapters) and each function's app.ts, and runs the unit and embedded integration
// tests (vitest.mutate.config.ts) against every mutant. `npm run mutate -- --incremental` reuses the results of
// the last run for code and tests that did not change (reports/stryker-incremental.json, not committed: it is a
// cache of one machine's last run, and it goes stale with every merge anyway). `npm run mutate -- --mutate
// "lambdas/adapters/**/*.ts"` mutates one directory. Figures and the survivors we accept: docs/mutation.md.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutate.config.ts", related: false },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "lambdas/core/**/*.ts",
    "lambdas/adapters/**/*.ts",
    "lambdas/*/app.ts",
    // Type-only modules have nothing to mutate.
    "!lambdas/core/ports.ts",
    "!lambdas/core/article.ts",
    "!lambdas/core/tagger/types.ts",
  ],
  coverageAnalysis: "perTest",
  // A static mutant (code run when a module loads: constant tables, top-level regexes) would need the whole suite
  // per mutant, minutes each on this machine; Stryker reports them as ignored, and their count is in docs/mutation.md.
  ignoreStatic: true,
  // Stryker adds `// @ts-nocheck` to the files this matches, reading and writing them as UTF-8. Its default pattern
  // includes .html, which re-encoded the windows-1252 page fixture (test/fixtures/web) inside the sandbox and
  // failed test/unit/feeds/extract.test.ts there: only script files, as the default otherwise is.
  disableTypeChecks: "**/*.{js,ts,jsx,tsx,mjs,mts,cts,cjs}",
  // The machine has 2 cores shared with others.
  concurrency: 2,
  timeoutMS: 20000,
  // The initial run of the whole suite took over Stryker's default 5 minutes on this machine under load (and the
  // run then aborts with nothing measured).
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  incrementalFile: "reports/stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
