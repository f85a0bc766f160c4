// Stryker over lambdas/core/{stories,feeds,pages} and the dynamo stores and safe fetcher, with the test subset of
// vitest.core2.config.ts (docs/mutation.md, "lambdas/core (stories, feeds, pages) and the remaining adapters").
//   npx stryker run test/mutate/stryker.core2.mjs --concurrency 1 --incremental --incrementalFile reports/mut-core2.json
import base from "../../stryker.config.mjs";

export default {
  ...base,
  vitest: { configFile: "test/mutate/vitest.core2.config.ts", related: false },
  mutate: [
    "lambdas/core/stories/**/*.ts",
    "lambdas/core/feeds/**/*.ts",
    "lambdas/core/pages/**/*.ts",
    "lambdas/adapters/dynamo-article-store.ts",
    "lambdas/adapters/dynamo-feed-store.ts",
    "lambdas/adapters/dynamo-story-store.ts",
    "lambdas/adapters/safe-fetcher.ts",
  ],
  htmlReporter: { fileName: "reports/mut-core2/index.html" },
  jsonReporter: { fileName: "reports/mut-core2/mutation.json" },
};
