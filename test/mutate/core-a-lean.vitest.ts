import { defineConfig } from "vitest/config";
import subset from "./core-a.vitest.ts";

/**
 * The faster first pass over lambdas/core/ingest and lambdas/core/alerts: core-a.vitest.ts less the fast-check
 * properties (test/unit/property.test.ts, 400 to 1,000 runs per property) and the embedded hostile-input suite,
 * which cover most lines of those directories and so cost seconds for every mutant. The lines where mutants
 * survive this pass are then re-run with core-a.vitest.ts (SUBSET=full), so the figures count their kills too.
 */
export default defineConfig({
  ...subset,
  test: {
    ...subset.test,
    exclude: [
      ...(subset.test?.exclude ?? []),
      "test/unit/property.test.ts",
      "test/integration/hostile-input.test.ts",
    ],
  },
});
