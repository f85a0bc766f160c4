// Stryker over lambdas/core/{stories,feeds,pages} and the four remaining adapters, one group at a time, with the
// test subset test/mutate/vitest.core2.config.ts picks for the group (docs/mutation.md, "lambdas/core (stories,
// feeds, pages) and the remaining adapters"):
//   WIREWATCH_MUTATE_GROUP=stories npx stryker run test/mutate/stryker.core2.mjs --concurrency 1 \
//     --incremental --incrementalFile reports/mut-core2-stories.json
import base from "../../stryker.config.mjs";

const MUTATE = {
  stories: ["lambdas/core/stories/**/*.ts"],
  feeds: ["lambdas/core/feeds/**/*.ts", "lambdas/core/pages/**/*.ts"],
  "feeds-full": ["lambdas/core/feeds/**/*.ts", "lambdas/core/pages/**/*.ts"],
  "adapters-quick": [
    "lambdas/adapters/dynamo-article-store.ts",
    "lambdas/adapters/dynamo-feed-store.ts",
    "lambdas/adapters/dynamo-story-store.ts",
    "lambdas/adapters/safe-fetcher.ts",
  ],
  adapters: [
    "lambdas/adapters/dynamo-article-store.ts",
    "lambdas/adapters/dynamo-feed-store.ts",
    "lambdas/adapters/dynamo-story-store.ts",
    "lambdas/adapters/safe-fetcher.ts",
  ],
};
const group = process.env.WIREWATCH_MUTATE_GROUP ?? "adapters";
if (!MUTATE[group])
  throw new Error(`WIREWATCH_MUTATE_GROUP must be one of ${Object.keys(MUTATE).join(", ")}`);

export default {
  ...base,
  vitest: { configFile: "test/mutate/vitest.core2.config.ts", related: false },
  mutate: MUTATE[group],
  htmlReporter: { fileName: `reports/mut-core2-${group}/index.html` },
  jsonReporter: { fileName: `reports/mut-core2-${group}/mutation.json` },
};
