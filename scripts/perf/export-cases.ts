/**
 * Bundles this checkout's cold-start cases (as the bench does, SDK as deployed) and prints them as JSON, so
 * scripts/perf/compare.ts can run another checkout's bundles interleaved with its own.
 * Usage: tsx scripts/perf/export-cases.ts --out dir [--topics-beside]
 */
import { deployedSdkMode } from "./bundles.ts";
import { prepareColdStartCases } from "./cold-start.ts";

const args = process.argv.slice(2);
const out = args[args.indexOf("--out") + 1];
if (!args.includes("--out") || !out) throw new Error("--out dir is required");
const prepared = await prepareColdStartCases({
  outDir: out,
  sdkModes: [deployedSdkMode()],
  topicsBeside: args.includes("--topics-beside"),
});
process.stdout.write(`${JSON.stringify(prepared)}\n`);
