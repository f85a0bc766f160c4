/**
 * Speed work must not change a single tag. Compares this checkout with another (e.g. a clone of main) on the
 * shared data and exits 1 on any difference:
 *   1. every tag (topic, score, evidence, deadline phrase and date) of tag() on each corpus item, with the
 *      item's reference date, and for items without one again with a reference date, so relative phrases
 *      resolve too (scripts/perf/dump-tags.ts, run on each checkout's own sources);
 *   2. `wirewatch tag` output of each checkout's built CLI (its package.json bin) on the Reuters and WCEP
 *      corpora, byte for byte;
 *   3. `npm run eval` output (each checkout's own scripts/eval.ts), line for line.
 * The outputs are kept in cdk.out/same-tags/ for reading a difference.
 * Usage: tsx scripts/perf/same-tags.ts --before <checkout> [--topics dir] [--no-build] [--quick]
 *   --topics dir  both checkouts tag with these definitions (default: each its own topics/)
 *   --no-build    do not rebuild this checkout's CLI first
 *   --quick       only step 1 on the Reuters corpus
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../../infra/config.ts";

const args = process.argv.slice(2);
const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const beforeArg = flag("--before");
if (!beforeArg || !existsSync(join(resolve(beforeArg), "package.json")))
  throw new Error("--before <checkout> is required");
const before = resolve(beforeArg);
const topics = flag("--topics");
const quick = args.includes("--quick");
const DATA = join(REPO_ROOT, "../shared/data");
const CORPORA = [
  "corpus-reuters-1987.jsonl",
  "corpus-wcep-2025.jsonl",
  "topics-dev.jsonl",
  "topics-dev-wire.jsonl",
]
  .map((f) => join(DATA, f))
  .filter(existsSync);
if (CORPORA.length === 0) {
  process.stdout.write(`skipped: no corpora in ${DATA}\n`);
  process.exit(0);
}
const OUT = join(REPO_ROOT, "cdk.out", "same-tags");
mkdirSync(OUT, { recursive: true });
const DUMP = fileURLToPath(new URL("dump-tags.ts", import.meta.url));
const TSX = join(REPO_ROOT, "node_modules/.bin/tsx");
const say = (s: string) => process.stdout.write(`${s}\n`);

function run(
  cmd: string,
  argv: string[],
  options: { cwd?: string; input?: Buffer; env?: NodeJS.ProcessEnv } = {},
) {
  const r = spawnSync(cmd, argv, {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...options.env },
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.toString("utf8"), stderr: r.stderr.toString("utf8") };
}

let differences = 0;
function compare(label: string, a: string, b: string) {
  const file = label.replace(/[^a-z0-9.-]+/gi, "_");
  writeFileSync(join(OUT, `${file}.before`), a);
  writeFileSync(join(OUT, `${file}.after`), b);
  if (a === b) {
    say(`same      ${label} (${a.split("\n").filter(Boolean).length} lines)`);
    return;
  }
  differences++;
  const al = a.split("\n");
  const bl = b.split("\n");
  const diff: string[] = [];
  for (let i = 0; i < Math.max(al.length, bl.length) && diff.length < 6; i++)
    if (al[i] !== bl[i])
      diff.push(`  line ${i + 1}\n  - ${al[i]?.slice(0, 400)}\n  + ${bl[i]?.slice(0, 400)}`);
  say(`DIFFERENT ${label} (files in ${OUT})\n${diff.join("\n")}`);
}

const topicArgs = topics ? ["--topics", resolve(topics)] : [];
const topicEnv = topics ? { WIREWATCH_TOPICS_DIR: resolve(topics) } : {};

// 1. Every tag.
for (const corpus of quick ? CORPORA.slice(0, 1) : CORPORA) {
  const dump = (root: string) => {
    const r = run(TSX, [DUMP, "--root", root, ...topicArgs, corpus]);
    if (r.status !== 0) throw new Error(`dump-tags on ${root} failed: ${r.stderr.slice(-2000)}`);
    return r.stdout;
  };
  compare(`tag() ${corpus.split("/").at(-1)}`, dump(before), dump(REPO_ROOT));
}

if (!quick) {
  // 2. The built CLI, as `npx wirewatch tag` runs it.
  if (!args.includes("--no-build")) {
    const b = run("npm", ["run", "build", "--silent"]);
    if (b.status !== 0) throw new Error(`npm run build failed: ${b.stderr}`);
  }
  const bin = (root: string) =>
    join(
      root,
      (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { bin: { wirewatch: string } }).bin
        .wirewatch,
    );
  for (const corpus of CORPORA.filter((c) => /corpus-/.test(c))) {
    const input = readFileSync(corpus);
    const cli = (root: string) => {
      const r = run(process.execPath, [bin(root), "tag", ...topicArgs], { input });
      if (r.status !== 0) throw new Error(`wirewatch tag in ${root} failed: ${r.stderr.slice(-2000)}`);
      return r.stdout;
    };
    compare(`wirewatch tag ${corpus.split("/").at(-1)}`, cli(before), cli(REPO_ROOT));
  }
  // 3. The evaluation.
  const evaluation = (root: string) => {
    const labelled = CORPORA.filter((c) => /topics-dev/.test(c));
    const r = run(TSX, [join(root, "scripts/eval.ts"), ...labelled, "--half", "all"], {
      cwd: root,
      env: topicEnv,
    });
    if (r.status !== 0 && r.status !== 1) throw new Error(`eval in ${root} failed: ${r.stderr.slice(-2000)}`);
    // Timings are the one thing allowed to change.
    return r.stdout.replace(/tagged in \d+ ms/g, "tagged in (time)");
  };
  compare("npm run eval -- --half all", evaluation(before), evaluation(REPO_ROOT));
}

say(differences === 0 ? "tags identical" : `${differences} output(s) differ`);
process.exit(differences === 0 ? 0 : 1);
