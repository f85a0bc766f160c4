/**
 * Cold start of every function in FUNCTION_ENTRIES: each bundle, built as the construct builds it, is imported in
 * a fresh Node process and invoked once on its sample event, with AWS calls failing fast (the SDK's endpoint is a
 * closed loopback port, one attempt). Reported over an empty handler measured in the same run, as medians of
 * interleaved rounds. Also measures the tagger alone (its import, and its first tag() call) so its share of the
 * ingest functions' figure can be told apart.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FUNCTION_ENTRIES, REPO_ROOT } from "../../infra/config.ts";
import * as fn from "../../infra/constructs/wirewatch-function.ts";
import { type BuiltBundle, bundleTo, type SdkMode } from "./bundles.ts";
import { FUNCTION_SAMPLES } from "./samples.ts";
import { median, timeProcess } from "./stats.ts";

const RUNNER = fileURLToPath(new URL("cold-start-runner.mjs", import.meta.url));

/** A sentence with a relative deadline: the tagger's heaviest first call (the deadline patterns). */
export const TAGGER_SAMPLE = {
  text:
    "Estmark orders the Westmark embassy to cut its staff to 12 by the end of May. The foreign ministry " +
    "said the counter-intelligence service had identified two of the diplomats as officers of Westmark's " +
    "military intelligence.",
  referenceDate: "2026-04-23",
};

export interface ColdStartCase {
  label: string;
  /** FUNCTION_ENTRIES key, "empty" or "tagger". */
  name: string;
  sdk: SdkMode | "-";
  bundle: BuiltBundle;
  event: string;
  env: Record<string, string>;
}

export interface ColdStartFigures {
  label: string;
  name: string;
  sdk: SdkMode | "-";
  /** Medians, in ms. */
  init: number;
  invoke: number;
  total: number;
  /** total minus the empty handler's total in the same run. */
  overEmpty: number;
  /** Whole process wall time (Node's own start included), median. */
  wall: number;
  outcome: string;
  runs: number;
  bundleBytes: BuiltBundle["breakdown"];
}

async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function lambdaEnv(name: string, dir: string, port: number, extra: Record<string, string> = {}) {
  const nodeOptions =
    (fn as { FUNCTION_NODE_OPTIONS?: string }).FUNCTION_NODE_OPTIONS ?? "--enable-source-maps";
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: tmpdir(),
    ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "bench",
    AWS_SECRET_ACCESS_KEY: "bench",
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_MAX_ATTEMPTS: "1",
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    AWS_LAMBDA_FUNCTION_NAME: `bench-${name}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
    LAMBDA_TASK_ROOT: dir,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    POWERTOOLS_SERVICE_NAME: name,
    POWERTOOLS_METRICS_NAMESPACE: "wirewatch",
    ARTICLES_TABLE_NAME: "bench-articles",
    ALERTS_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:bench-alerts",
    ...extra,
  };
}

export interface ColdStartOptions {
  rounds?: number;
  sdkModes?: readonly SdkMode[];
  /** Copy topics/ beside each bundle (the layout before topics were compiled into the bundles). */
  topicsBeside?: boolean;
  /** Where bundles are written; must be inside the repository so external packages resolve. */
  outDir?: string;
  log?: (line: string) => void;
}

export interface ColdStartReport {
  figures: ColdStartFigures[];
  skipped: { name: string; reason: string }[];
  empty: ColdStartFigures;
  tagger: ColdStartFigures;
}

/** Bundles the empty handler, the tagger alone and every function with a sample event, ready to run. */
export async function prepareColdStartCases(
  options: ColdStartOptions = {},
): Promise<{ cases: ColdStartCase[]; skipped: ColdStartReport["skipped"] }> {
  const sdkModes = options.sdkModes ?? ["runtime", "bundled"];
  const outDir = options.outDir ?? join(REPO_ROOT, "cdk.out", "bench");
  const log = options.log ?? (() => {});
  const port = await closedPort();
  const skipped: ColdStartReport["skipped"] = [];
  const cases: ColdStartCase[] = [];
  mkdirSync(outDir, { recursive: true });
  const writeEvent = (name: string, value: unknown) => {
    const file = join(outDir, `${name}.event.json`);
    writeFileSync(file, JSON.stringify(value));
    return file;
  };

  log("bundling the empty handler, the tagger and each function...");
  const mode: SdkMode = sdkModes[0] ?? "runtime";
  const emptyDir = join(outDir, "empty");
  const empty = await bundleTo(
    "empty",
    emptyDir,
    { contents: "export const handler = async () => ({ statusCode: 200 });" },
    mode,
  );
  cases.push({
    label: "empty handler",
    name: "empty",
    sdk: "-",
    bundle: empty,
    event: writeEvent("empty", {}),
    env: lambdaEnv("empty", emptyDir, port),
  });
  const taggerDir = join(outDir, "tagger");
  const tagger = await bundleTo(
    "tagger",
    taggerDir,
    {
      contents: [
        // As the functions that tag import it: first.
        `import "./lambdas/regexp-tiering.ts";`,
        `import { loadTagger } from "./lambdas/core/tagger/load.ts";`,
        "const tagger = loadTagger();",
        "export const handler = async (e) => tagger.tag(e.text, { referenceDate: e.referenceDate });",
      ].join("\n"),
    },
    mode,
    options.topicsBeside,
  );
  cases.push({
    label: "tagger alone (first tag call)",
    name: "tagger",
    sdk: "-",
    bundle: tagger,
    event: writeEvent("tagger", TAGGER_SAMPLE),
    env: lambdaEnv("tagger", taggerDir, port),
  });
  for (const [name, entry] of Object.entries(FUNCTION_ENTRIES)) {
    const sample = FUNCTION_SAMPLES[name as keyof typeof FUNCTION_ENTRIES];
    if (!sample) {
      skipped.push({ name, reason: "no sample event in scripts/perf/samples.ts" });
      continue;
    }
    const event = JSON.parse(readFileSync(join(REPO_ROOT, sample.event), "utf8"));
    for (const sdk of sdkModes) {
      const dir = join(outDir, `${name}-${sdk}`);
      const bundle = await bundleTo(name, dir, { entry }, sdk, options.topicsBeside);
      cases.push({
        label: name,
        name,
        sdk,
        bundle,
        event: writeEvent(name, event),
        env: lambdaEnv(name, dir, port, sample.env),
      });
    }
  }
  return { cases, skipped };
}

export interface ColdStartRun {
  init: number;
  invoke: number;
  total: number;
  wall: number;
  outcome: string;
}

/** One cold start of one case in a fresh process. */
export function runColdStart(c: ColdStartCase): ColdStartRun {
  const resultFile = join(c.bundle.dir, "result.json");
  writeFileSync(resultFile, "");
  const p = timeProcess(process.execPath, [RUNNER, c.bundle.file, c.event, resultFile], {
    env: c.env,
    cwd: c.bundle.dir,
  });
  const raw = readFileSync(resultFile, "utf8");
  if (p.status !== 0 || !raw)
    throw new Error(
      `cold start of ${c.label} (${c.sdk}) failed (exit ${p.status}): ${p.stderr.slice(-2000)}`,
    );
  const result = JSON.parse(raw) as Omit<ColdStartRun, "wall">;
  return { ...result, wall: p.ms };
}

/** Medians of a case's runs, with its total over the empty handler's median total. */
export function figuresOf(
  c: ColdStartCase,
  list: readonly ColdStartRun[],
  emptyTotal: number,
): ColdStartFigures {
  const total = median(list.map((x) => x.total));
  return {
    label: c.label,
    name: c.name,
    sdk: c.sdk,
    init: median(list.map((x) => x.init)),
    invoke: median(list.map((x) => x.invoke)),
    total,
    overEmpty: total - emptyTotal,
    wall: median(list.map((x) => x.wall)),
    outcome: [...new Set(list.map((x) => x.outcome))].join(", "),
    runs: list.length,
    bundleBytes: c.bundle.breakdown,
  };
}

/** Runs every case `rounds` times, rotating the order each round so no case always runs first. */
export function runRounds(
  cases: readonly ColdStartCase[],
  rounds: number,
  log: (line: string) => void = () => {},
): Map<ColdStartCase, ColdStartRun[]> {
  const runs = new Map<ColdStartCase, ColdStartRun[]>();
  for (let r = 0; r < rounds; r++) {
    log(`round ${r + 1}/${rounds}`);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[(i + r) % cases.length] as ColdStartCase;
      const list = runs.get(c) ?? [];
      list.push(runColdStart(c));
      runs.set(c, list);
    }
  }
  return runs;
}

export async function measureColdStarts(options: ColdStartOptions = {}): Promise<ColdStartReport> {
  const { cases, skipped } = await prepareColdStartCases(options);
  const runs = runRounds(cases, options.rounds ?? 7, options.log);
  const emptyCase = cases[0] as ColdStartCase;
  const emptyTotal = median((runs.get(emptyCase) ?? []).map((x) => x.total));
  const all = cases.map((c) => figuresOf(c, runs.get(c) ?? [], emptyTotal));
  return {
    empty: all[0] as ColdStartFigures,
    tagger: all[1] as ColdStartFigures,
    figures: all.slice(2),
    skipped,
  };
}
