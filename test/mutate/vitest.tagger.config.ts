import { defineConfig } from "vitest/config";
import mutate from "../../vitest.mutate.config.ts";

/**
 * The test subset used to measure lambdas/core/tagger (docs/mutation.md, "lambdas/core/tagger"): the tagger's unit
 * tests, less `tag-command.test.ts` (it runs the CLI in a child process, which never sees Stryker's active mutant,
 * so it could only pass and cost a process start per mutant). A subset gives a lower bound of the whole suite's
 * score. `include` is replaced, not merged (mergeConfig would append to the mutation config's list).
 * `isolate: false` reuses loaded modules from one test file to the next (Stryker switches mutants at run time);
 * these files pass that way. MUT_EXCLUDE (comma-separated test files) leaves files out, for a "before" figure.
 */
const config = mutate as { test: Record<string, unknown> & { exclude?: string[] } };
export default defineConfig({
  ...mutate,
  test: {
    ...config.test,
    isolate: false,
    include: ["test/unit/tagger/**/*.test.ts"],
    exclude: [
      ...(config.test.exclude ?? []),
      "test/unit/tagger/tag-command.test.ts",
      ...(process.env.MUT_EXCLUDE ?? "").split(",").filter(Boolean),
    ],
  },
});
