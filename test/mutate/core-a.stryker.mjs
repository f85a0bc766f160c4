// Stryker subset config for lambdas/core/{alerts,digests,reminders,ingest,text,net} and the top-level core files:
// the project config with the test subset of core-a.vitest.ts. One run per directory, e.g.
//   MUT=alerts npx stryker run test/mutate/core-a.stryker.mjs --concurrency 1 --incremental \
//     --incrementalFile reports/mut-a-alerts.json --mutate "lambdas/core/alerts/**/*.ts"
// MUT names the JSON/HTML reports so one directory's run does not overwrite another's; SUBSET=lean runs the
// faster first pass of core-a-lean.vitest.ts.
import base from "../../stryker.config.mjs";

const name = process.env.MUT ?? "core-a";
const subset = process.env.SUBSET === "lean" ? "core-a-lean" : "core-a";
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  vitest: { configFile: `test/mutate/${subset}.vitest.ts`, related: false },
  concurrency: 1,
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
};
