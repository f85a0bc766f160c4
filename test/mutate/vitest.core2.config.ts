import { defineConfig } from "vitest/config";
import mutate from "../../vitest.mutate.config.ts";

/**
 * The subset of the mutation suite used to measure lambdas/core/{stories,feeds,pages} and the dynamo stores and
 * safe fetcher (docs/mutation.md): their unit tests and the embedded-tier integration tests that run them.
 * `include` is replaced, not merged (mergeConfig would append to the mutation config's list).
 */
const config = mutate as { test: Record<string, unknown> };
export default defineConfig({
  ...mutate,
  test: {
    ...config.test,
    include: [
      "test/unit/feeds/**/*.test.ts",
      "test/unit/stories/**/*.test.ts",
      "test/unit/pages/**/*.test.ts",
      "test/unit/adapters/**/*.test.ts",
      "test/unit/notify.test.ts",
      "test/unit/notify-edges.test.ts",
      "test/unit/digest.test.ts",
      "test/unit/remind-digest-handlers.test.ts",
      "test/integration/feeds.test.ts",
      "test/integration/pipeline.test.ts",
      "test/integration/unprocessed.test.ts",
      "test/integration/hostile-input.test.ts",
      "test/integration/ingest-s3.test.ts",
      "test/integration/sent-markers.test.ts",
    ],
    exclude: ["test/integration/deploy-local.test.ts", "test/integration/subscribers-cli.test.ts"],
  },
});
