/**
 * Each function's bundle, built exactly as the CDK construct builds it, split into our own code, other packages
 * and the AWS SDK (from esbuild's metafile). Exits 1 when a function's code other than the AWS SDK reaches the
 * limit. Source maps ship beside the bundle but are not counted: the runtime does not load them.
 * Usage: npm run size -- [--packages N]   (N largest packages per function)
 */
import { join } from "node:path";
import { REPO_ROOT } from "../infra/config.ts";
import { bundleFunctions, deployedSdkMode } from "./perf/bundles.ts";
import { kb, table } from "./perf/stats.ts";

const LIMIT_KB = 150;

const i = process.argv.indexOf("--packages");
const top = i >= 0 ? Number(process.argv[i + 1]) : 0;
const sdk = deployedSdkMode();
const bundles = await bundleFunctions(join(REPO_ROOT, "cdk.out", "size"), sdk);
const rows = [["function", "own code", "other packages", "not SDK", "AWS SDK", "total", ""]];
let failed = false;
for (const b of bundles) {
  const { own, deps, sdk: sdkBytes, total } = b.breakdown;
  const over = (own + deps) / 1024 >= LIMIT_KB;
  failed ||= over;
  rows.push([
    b.name,
    kb(own),
    kb(deps),
    kb(own + deps),
    kb(sdkBytes),
    kb(total),
    over ? `over ${LIMIT_KB} KB` : "",
  ]);
}
process.stdout.write(`${table(rows)}\n`);
process.stdout.write(
  `AWS SDK ${sdk === "bundled" ? "bundled (tree-shaken, minified)" : "provided by the Lambda runtime"}; limit ${LIMIT_KB} KB of code other than the SDK per function; bytes per package in cdk.out/size/<function>-${sdk}/index.meta.json\n`,
);
if (top > 0)
  for (const b of bundles) {
    process.stdout.write(`\n${b.name}: largest packages\n`);
    process.stdout.write(`${table(b.breakdown.packages.slice(0, top).map(([p, n]) => [`  ${p}`, kb(n)]))}\n`);
  }
if (failed) {
  console.error(`at least one function has ${LIMIT_KB} KB or more of code other than the AWS SDK`);
  process.exit(1);
}
