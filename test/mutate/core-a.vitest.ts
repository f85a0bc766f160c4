import { defineConfig } from "vitest/config";
import mutate from "../../vitest.mutate.config.ts";

/**
 * The test subset used to measure lambdas/core/{alerts,digests,reminders,ingest,text,net} and the top-level core
 * files (docs/mutation.md, "lambdas/core (alerts, ...)"): the unit tests less the tagger's (the tagger uses none
 * of these modules) plus the embedded-tier files that run these modules through the handlers. `include` is
 * replaced, not merged (mergeConfig would append to the mutation config's list). A subset gives a lower bound.
 * `isolate: false` reuses loaded modules from one test file to the next (Stryker switches mutants at run time, so
 * nothing needs reloading): these files pass that way, and each mutant's run is several times faster.
 * MUT_EXCLUDE (comma-separated test files) leaves files out, to measure a "before" figure without the tests that
 * were added for it; a re-run with --incremental and without MUT_EXCLUDE then re-tests what those tests cover.
 */
export default defineConfig({
  ...mutate,
  test: {
    ...mutate.test,
    isolate: false,
    include: [
      "test/unit/**/*.test.ts",
      "test/integration/handler-telemetry.test.ts",
      "test/integration/ingest-s3-edges.test.ts",
      "test/integration/subscription-directory.test.ts",
      "test/integration/sent-markers.test.ts",
      "test/integration/hostile-input.test.ts",
      "test/integration/kind-routing.test.ts",
      "test/integration/alert-delivery.test.ts",
    ],
    exclude: [
      ...(mutate.test?.exclude ?? []),
      "test/unit/tagger/**",
      ...(process.env.MUT_EXCLUDE ? process.env.MUT_EXCLUDE.split(",") : []),
    ],
  },
});
