/**
 * Before and after in one run: this checkout against another (e.g. a clone of main before a change), every
 * figure measured interleaved (one run of each in turn, rounds rotated) so the load of a shared machine falls
 * on both alike. Compares the CLI (as each package.json bin runs it), `tag` over the Reuters corpus as a whole
 * process against the scan floor, and each function's cold start over an empty handler with each checkout's
 * deployed bundling. The other checkout needs this directory's scripts/perf/ copied in and its npm ci done.
 * Usage: tsx scripts/perf/compare.ts --before <dir> [--rounds N] [--corpus file.jsonl] [--topics-beside]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../../infra/config.ts";
import { compileTopic, normalisePattern } from "../../lambdas/core/tagger/definition.ts";
import { loadTopicDefinitions } from "../../lambdas/core/tagger/load.ts";
import { deployedSdkMode } from "./bundles.ts";
import {
  type ColdStartCase,
  type ColdStartRun,
  figuresOf,
  prepareColdStartCases,
  runColdStart,
  TAGGER_SAMPLE,
} from "./cold-start.ts";
import { kb, median, ms, ratio, table, timeProcess } from "./stats.ts";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const before = resolve(flag("--before") ?? "");
const rounds = Number(flag("--rounds") ?? 7);
const corpus = flag("--corpus") ?? join(REPO_ROOT, "../shared/data/corpus-reuters-1987.jsonl");
if (!flag("--before") || !existsSync(join(before, "package.json")))
  throw new Error("--before <checkout> is required");

const say = (s = "") => process.stdout.write(`${s}\n`);
const env = {
  ...process.env,
  NODE_NO_WARNINGS: "1",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};
const binOf = (root: string) =>
  join(
    root,
    (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: { wirewatch: string } }).bin
      .wirewatch,
  );
const trees = { before: binOf(before), after: binOf(REPO_ROOT) };
const FLOOR = fileURLToPath(new URL("scan-floor.mjs", import.meta.url));

say(
  `before: ${before}   after: ${REPO_ROOT}   ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}`,
);

// 1. CLI start and one line.
{
  const line = `${JSON.stringify({ id: "1", text: TAGGER_SAMPLE.text, date: TAGGER_SAMPLE.referenceDate })}\n`;
  const s: Record<string, number[]> = {};
  const push = (k: string, v: number) => {
    s[k] = [...(s[k] ?? []), v];
  };
  for (let r = 0; r < rounds; r++) {
    push("node", timeProcess(process.execPath, ["-e", "0"], { env }).ms);
    for (const [tree, bin] of Object.entries(trees)) {
      push(`${tree} help`, timeProcess(process.execPath, [bin, "--help"], { env }).ms);
      const t = timeProcess(process.execPath, [bin, "tag"], { env, input: line });
      if (t.status !== 0) throw new Error(`${tree} tag failed: ${t.stderr}`);
      push(`${tree} tag`, t.ms);
    }
  }
  const m = (k: string) => median(s[k] ?? []);
  say(`\n## CLI (${rounds} interleaved rounds; wall time of the whole process)`);
  say(
    table([
      ["", "before", "after", "after/before", "before / node -e 0", "after / node -e 0"],
      ["node -e 0", ms(m("node")), "", "", "", ""],
      ...["help", "tag"].map((k) => [
        k === "help" ? "wirewatch --help" : "wirewatch tag, one line",
        ms(m(`before ${k}`)),
        ms(m(`after ${k}`)),
        ratio(m(`after ${k}`), m(`before ${k}`)),
        ratio(m(`before ${k}`), m("node")),
        ratio(m(`after ${k}`), m("node")),
      ]),
    ]),
  );
}

// 2. Whole process on the corpus.
if (existsSync(corpus)) {
  const anchors = loadTopicDefinitions().flatMap((d) => compileTopic(d).scanPatterns.map(normalisePattern));
  const floorEnv = {
    ...env,
    WIREWATCH_FLOOR_PATTERN: `\\b(?:${anchors.join("|")})`,
    WIREWATCH_FLOOR_FLAGS: `gi${anchors.some((a) => a.includes("\\p{")) ? "u" : ""}`,
  };
  const input = readFileSync(corpus);
  const bytes = statSync(corpus).size;
  const s: Record<string, number[]> = { before: [], after: [], floor: [] };
  const n = Math.min(rounds, 3);
  for (let r = 0; r < n; r++)
    for (const k of ["before", "after", "floor"].map((_, i, a) => a[(i + r) % 3] as string)) {
      const p =
        k === "floor"
          ? timeProcess(process.execPath, [FLOOR], { input, env: floorEnv })
          : timeProcess(process.execPath, [trees[k as "before" | "after"], "tag"], { input, env });
      if (p.status !== 0) throw new Error(`${k} failed: ${p.stderr.slice(-500)}`);
      s[k]?.push(p.ms);
    }
  const m = (k: string) => median(s[k] ?? []);
  const mbps = (k: string) => (bytes / 1e6 / (m(k) / 1000)).toFixed(1);
  say(
    `\n## wirewatch tag as a whole process on ${corpus} (${(bytes / 1e6).toFixed(1)} MB, ${n} interleaved rounds)`,
  );
  say(
    table([
      ["", "wall", "MB/s", "/ scan floor"],
      ["before", ms(m("before")), mbps("before"), ratio(m("before"), m("floor"))],
      ["after", ms(m("after")), mbps("after"), ratio(m("after"), m("floor"))],
      ["scan floor", ms(m("floor")), mbps("floor"), "1.00x"],
    ]),
  );
} else say(`\n(whole-process comparison skipped: ${corpus} not found)`);

// 3. Cold starts.
const exported = spawnSync(
  "npx",
  [
    "tsx",
    "scripts/perf/export-cases.ts",
    "--out",
    join(before, "cdk.out", "compare"),
    ...(args.includes("--topics-beside") ? ["--topics-beside"] : []),
  ],
  { cwd: before, encoding: "utf8", maxBuffer: 1 << 26 },
);
if (exported.status !== 0) throw new Error(`bundling the before checkout failed: ${exported.stderr}`);
const beforeCases = (
  JSON.parse(exported.stdout.trim().split("\n").at(-1) as string) as { cases: ColdStartCase[] }
).cases;
const afterCases = (
  await prepareColdStartCases({
    outDir: join(REPO_ROOT, "cdk.out", "compare"),
    sdkModes: [deployedSdkMode()],
  })
).cases;
const all = [
  ...beforeCases.map((c) => ({ tree: "before", c })),
  ...afterCases.map((c) => ({ tree: "after", c })),
];
const runs = new Map<(typeof all)[number], ColdStartRun[]>();
for (let r = 0; r < rounds; r++)
  for (let i = 0; i < all.length; i++) {
    const x = all[(i + r) % all.length] as (typeof all)[number];
    runs.set(x, [...(runs.get(x) ?? []), runColdStart(x.c)]);
  }
const figures = (tree: string) => {
  const mine = all.filter((x) => x.tree === tree);
  const empty = median((runs.get(mine[0] as (typeof all)[number]) ?? []).map((r) => r.total));
  return new Map(mine.map((x) => [x.c.name, figuresOf(x.c, runs.get(x) ?? [], empty)]));
};
const b = figures("before");
const a = figures("after");
say(
  `\n## cold start over an empty handler (${rounds} interleaved rounds; each checkout's deployed bundling)`,
);
const rows = [
  [
    "",
    "before",
    "after",
    "after/before",
    "before init / 1st invoke",
    "after init / 1st invoke",
    "bundle before",
    "after (not SDK + SDK)",
  ],
];
for (const [name, fb] of b) {
  const fa = a.get(name);
  if (!fa || name === "empty") continue;
  rows.push([
    name === "tagger" ? "tagger alone (import, 1st tag)" : name,
    ms(fb.overEmpty),
    ms(fa.overEmpty),
    ratio(fa.overEmpty, fb.overEmpty),
    `${ms(fb.init)} / ${ms(fb.invoke)}`,
    `${ms(fa.init)} / ${ms(fa.invoke)}`,
    kb(fb.bundleBytes.total),
    `${kb(fa.bundleBytes.own + fa.bundleBytes.deps)} + ${kb(fa.bundleBytes.sdk)}`,
  ]);
}
say(table(rows));
say(
  `empty handler: before ${ms(b.get("empty")?.total ?? 0, 1)}, after ${ms(a.get("empty")?.total ?? 0, 1)}; load now ${loadavg()[0]?.toFixed(2)}`,
);
