/**
 * Where users feel speed, side by side in one run (medians of interleaved rounds; ratios as well as times,
 * because this machine is shared and noisy):
 *   1. `wirewatch tag` as a whole process on the Reuters corpus against the scan floor (one precompiled regex
 *      over the same JSON-lines I/O, also a whole process);
 *   2. the CLI on one line against `node -e 0` (and `wirewatch --help`, the start without the tagger);
 *   3. the tagger in a fresh process: its import and its first tag() call;
 *   4. each function's cold start over an empty handler, with the SDK from the runtime and bundled;
 *   5. bundle sizes: own code, other packages, AWS SDK;
 *   6. the cost model (scripts/cost.ts) on the figures just measured.
 * Usage: npm run bench -- [--rounds N] [--corpus file.jsonl] [--no-cold] [--json out.json] [--topics-beside]
 * (--topics-beside copies topics/ next to each bundle: the layout before the definitions were compiled in, for
 * measuring an older checkout with this script.)
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../infra/config.ts";
import { compileTopic, normalisePattern } from "../lambdas/core/tagger/definition.ts";
import { loadTopicDefinitions } from "../lambdas/core/tagger/load.ts";
import { deployedSdkMode } from "./perf/bundles.ts";
import { type ColdStartReport, measureColdStarts, TAGGER_SAMPLE } from "./perf/cold-start.ts";
import { kb, median, ms, ratio, table, timeProcess } from "./perf/stats.ts";

const DEFAULT_CORPUS = join(REPO_ROOT, "../shared/data/corpus-reuters-1987.jsonl");
const FLOOR = fileURLToPath(new URL("perf/scan-floor.mjs", import.meta.url));

function parseArgs(argv: string[]) {
  let corpus = DEFAULT_CORPUS;
  let rounds = 5;
  let cold = true;
  let json = join(REPO_ROOT, "cdk.out", "bench", "results.json");
  let topicsBeside = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--rounds") rounds = Number(argv[++i]);
    else if (a === "--corpus") corpus = argv[++i] as string;
    else if (a === "--no-cold") cold = false;
    else if (a === "--json") json = argv[++i] as string;
    else if (a === "--topics-beside") topicsBeside = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error("--rounds needs a positive integer");
  return { corpus, rounds, cold, json, topicsBeside };
}

const say = (s = "") => process.stdout.write(`${s}\n`);

/** The command `npx wirewatch` runs: node on the package.json bin. */
function cliCommand(): string {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    bin: Record<string, string>;
  };
  const bin = pkg.bin.wirewatch;
  if (!bin) throw new Error("package.json has no bin.wirewatch");
  return join(REPO_ROOT, bin);
}

/** The scan floor's pattern: every topic's trigger words in one alternation, as the tagger's prefilter sees them. */
function floorPattern(): { source: string; flags: string } {
  const anchors = loadTopicDefinitions().flatMap((d) => compileTopic(d).scanPatterns.map(normalisePattern));
  return {
    source: `\\b(?:${anchors.join("|")})`,
    flags: `gi${anchors.some((a) => a.includes("\\p{")) ? "u" : ""}`,
  };
}

const env = {
  ...process.env,
  NODE_NO_WARNINGS: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

function wholeProcess(corpus: string, rounds: number) {
  say(`## 1. wirewatch tag as a whole process vs the scan floor (${rounds} interleaved rounds)`);
  if (!existsSync(corpus)) {
    say(`skipped: corpus ${corpus} not found (it is in ../shared/data when the shared data is present)`);
    return undefined;
  }
  const bytes = statSync(corpus).size;
  const cli = cliCommand();
  const floor = floorPattern();
  const tag: number[] = [];
  const scan: number[] = [];
  let items = 0;
  for (let r = 0; r < rounds; r++) {
    for (const which of r % 2 ? ["floor", "tag"] : ["tag", "floor"]) {
      const input = readFileSync(corpus);
      const p =
        which === "tag"
          ? timeProcess(process.execPath, [cli, "tag"], { input, env, stdio: ["pipe", "pipe", "pipe"] })
          : timeProcess(process.execPath, [FLOOR], {
              input,
              env: { ...env, WIREWATCH_FLOOR_PATTERN: floor.source, WIREWATCH_FLOOR_FLAGS: floor.flags },
            });
      if (p.status !== 0) throw new Error(`${which} failed (exit ${p.status}): ${p.stderr.slice(-1000)}`);
      (which === "tag" ? tag : scan).push(p.ms);
      items = p.stdout.split("\n").filter(Boolean).length;
    }
  }
  const tagMs = median(tag);
  const floorMs = median(scan);
  const mbps = (t: number) => bytes / 1e6 / (t / 1000);
  say(`${corpus}: ${(bytes / 1e6).toFixed(1)} MB, ${items} items`);
  say(
    table([
      ["", "wall (median)", "MB/s", "runs"],
      ["wirewatch tag", ms(tagMs), mbps(tagMs).toFixed(1), tag.map((x) => x.toFixed(0)).join(" ")],
      ["scan floor", ms(floorMs), mbps(floorMs).toFixed(1), scan.map((x) => x.toFixed(0)).join(" ")],
    ]),
  );
  say(
    `tag / floor time: ${ratio(tagMs, floorMs)}  (target: >= 30 MB/s, goal within 1.5x of the floor; the tagger's hot path is the second pass)`,
  );
  return { bytes, items, tagMs, floorMs, tagMBps: mbps(tagMs), floorMBps: mbps(floorMs) };
}

function oneLine(rounds: number) {
  const n = Math.max(rounds, 7);
  say(`## 2. the CLI on one line vs node -e 0 (${n} interleaved rounds)`);
  const cli = cliCommand();
  const line = `${JSON.stringify({ id: "1", text: TAGGER_SAMPLE.text, date: TAGGER_SAMPLE.referenceDate })}\n`;
  const series = { node: [] as number[], help: [] as number[], tag: [] as number[] };
  for (let r = 0; r < n; r++) {
    series.node.push(timeProcess(process.execPath, ["-e", "0"], { env }).ms);
    const help = timeProcess(process.execPath, [cli, "--help"], { env });
    if (help.status !== 0) throw new Error(`wirewatch --help failed: ${help.stderr}`);
    series.help.push(help.ms);
    const tag = timeProcess(process.execPath, [cli, "tag"], { env, input: line });
    if (tag.status !== 0 || !tag.stdout.includes('"topics"'))
      throw new Error(`wirewatch tag failed: ${tag.stderr}`);
    series.tag.push(tag.ms);
  }
  const node = median(series.node);
  const help = median(series.help);
  const tag = median(series.tag);
  say(
    table([
      ["", "wall (median)", "/ node -e 0"],
      ["node -e 0", ms(node), "1.00x"],
      ["wirewatch --help", ms(help), ratio(help, node)],
      ["wirewatch tag (one line)", ms(tag), ratio(tag, node)],
    ]),
  );
  say(`target: one-line tag <= 3x node -e 0 (${tag <= 3 * node ? "met" : "NOT met"})`);
  return { nodeMs: node, helpMs: help, tagMs: tag };
}

function coldStartSection(report: ColdStartReport) {
  const deployed = deployedSdkMode();
  say(`## 3. the tagger in a fresh process (bundled as the functions bundle it; ${report.tagger.runs} runs)`);
  say(
    table([
      ["", "median"],
      ["import + loadTagger()", ms(report.tagger.init)],
      ["first tag() call (a deadline sentence)", ms(report.tagger.invoke)],
    ]),
  );
  say("");
  say(
    `## 4. cold start over an empty handler (import + first invocation, fresh process, AWS calls failing fast; ${report.empty.runs} rounds)`,
  );
  say(`empty handler: ${ms(report.empty.total, 1)} (whole process ${ms(report.empty.wall)})`);
  const rows: string[][] = [
    ["function", "SDK", "init", "1st invoke", "over empty", "/ goal 50 ms", "outcome"],
  ];
  for (const f of report.figures)
    rows.push([
      f.name,
      `${f.sdk}${f.sdk === deployed ? " *" : ""}`,
      ms(f.init),
      ms(f.invoke),
      ms(f.overEmpty),
      ratio(f.overEmpty, 50),
      f.outcome,
    ]);
  say(table(rows));
  say(
    `* deployed. Target: every function <= 150 ms over empty. The tagger's first call (section 3) is part of`,
  );
  say("  the ingest functions' invocation when an article is tagged.");
  for (const s of report.skipped) say(`skipped ${s.name}: ${s.reason}`);
  say("");
  say("## 5. bundles (minified, without source maps)");
  const sizeRows: string[][] = [["function", "SDK", "own code", "other packages", "AWS SDK", "total"]];
  for (const f of report.figures)
    sizeRows.push([
      f.name,
      `${f.sdk}${f.sdk === deployed ? " *" : ""}`,
      kb(f.bundleBytes.own),
      kb(f.bundleBytes.deps),
      kb(f.bundleBytes.sdk),
      kb(f.bundleBytes.total),
    ]);
  say(table(sizeRows));
  say("target: code other than the AWS SDK (own + other packages) <= 150 KB per function");
}

async function main() {
  const { corpus, rounds, cold, json, topicsBeside } = parseArgs(process.argv.slice(2));
  say(
    `wirewatch bench: ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}`,
  );
  say(`functions: ${Object.keys(FUNCTION_ENTRIES).join(", ")}`);
  say("");
  const whole = wholeProcess(corpus, Math.min(rounds, 3));
  say("");
  const line = oneLine(rounds);
  say("");
  let coldReport: ColdStartReport | undefined;
  if (cold) {
    coldReport = await measureColdStarts({
      rounds,
      topicsBeside,
      log: (l) => process.stderr.write(`  ${l}\n`),
    });
    coldStartSection(coldReport);
  } else say("## 3-5. cold starts and bundles skipped (--no-cold)");
  mkdirSync(dirname(json), { recursive: true });
  writeFileSync(
    json,
    JSON.stringify(
      { at: new Date().toISOString(), wholeProcess: whole, oneLine: line, coldStarts: coldReport },
      null,
      2,
    ),
  );
  say("");
  say(
    `(figures written to ${json}; load average now ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores)`,
  );
}

await main();
