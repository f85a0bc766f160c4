import { defineConfig } from "vitest/config";
import mutate from "../../vitest.mutate.config.ts";

/**
 * Test subsets for measuring lambdas/core/{stories,feeds,pages} and the four remaining adapters (docs/mutation.md,
 * "lambdas/core (stories, feeds, pages) and the remaining adapters"), chosen by WIREWATCH_MUTATE_GROUP:
 *
 *   stories   the unit tests (less the tagger's, which never reach these files)
 *   feeds     the same (feeds and pages; their unit tests poll with a table fetcher and an in-memory store)
 *   feeds-full  the same plus the embedded feed tests (a loopback server, dynalite): about 6 mutants a minute
 *             on the shared machine, against 40 or more without them
 *   adapters-quick  the unit tests and the store, batch-limit and fetcher tests only
 *   adapters  the same plus the embedded-tier tests that write and read the table (the pipeline, the
 *             batch-limit tests, the store tests) and fetch over HTTP (the feed and fetcher tests)
 *
 * A subset gives a lower bound: the whole suite can only kill more. Every ingest runs the story code, so the
 * integration tests would make each story mutant cost tens of seconds; they are left to the groups that need
 * them. WIREWATCH_MUTATE_EXCLUDE (comma-separated test files) leaves files out, for a "before" figure measured
 * without the tests that were then added. `include` is replaced, not merged (mergeConfig would append to the
 * mutation config's list).
 */
const UNIT = ["test/unit/**/*.test.ts"];
const FEEDS = ["test/integration/feeds.test.ts"];
const TABLE = [
  "test/integration/pipeline.test.ts",
  "test/integration/unprocessed.test.ts",
  "test/integration/dynamo-stores.test.ts",
  "test/integration/safe-fetcher.test.ts",
  "test/integration/store-batches.test.ts",
];
const GROUPS: Record<string, string[]> = {
  stories: UNIT,
  feeds: UNIT,
  "feeds-full": [...UNIT, ...FEEDS],
  adapters: [...UNIT, ...FEEDS, ...TABLE],
  // The adapters' own tests only (no pipeline, no poller): minutes instead of an hour here.
  "adapters-quick": [...UNIT, ...TABLE.filter((f) => !f.includes("pipeline"))],
};
const group = process.env.WIREWATCH_MUTATE_GROUP ?? "adapters";
const include = GROUPS[group];
if (!include) throw new Error(`WIREWATCH_MUTATE_GROUP must be one of ${Object.keys(GROUPS).join(", ")}`);

const config = mutate as { test: Record<string, unknown> & { exclude?: string[] } };
export default defineConfig({
  ...mutate,
  test: {
    ...config.test,
    include,
    exclude: [
      ...(config.test.exclude ?? []),
      "test/unit/tagger/**",
      ...(process.env.WIREWATCH_MUTATE_EXCLUDE ?? "").split(",").filter(Boolean),
    ],
  },
});
