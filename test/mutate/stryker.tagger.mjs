// Stryker over lambdas/core/tagger with the test subset of test/mutate/vitest.tagger.config.ts (docs/mutation.md,
// "lambdas/core/tagger"), one file or group at a time, e.g.
//   MUT=calendar npx stryker run test/mutate/stryker.tagger.mjs --concurrency 1 --incremental \
//     --incrementalFile reports/mut-tagger.json --mutate "lambdas/core/tagger/calendar.ts"
// MUT names the JSON/HTML reports so one file's run does not overwrite another's.
import base from "../../stryker.config.mjs";

const name = process.env.MUT ?? "tagger";
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: "test/mutate/vitest.tagger.config.ts", related: false },
  mutate: ["lambdas/core/tagger/**/*.ts", "!lambdas/core/tagger/types.ts"],
  coverageAnalysis: "perTest",
  concurrency: 1,
  htmlReporter: { fileName: `reports/mut-tagger/${name}.html` },
  jsonReporter: { fileName: `reports/mut-tagger/${name}.json` },
};
