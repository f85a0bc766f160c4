/**
 * Scores the tagger on labelled JSON-lines files (the format of ../shared/data/topics-dev.jsonl).
 *
 * Every file is split deterministically by id into a tuning half and a check half (first byte of
 * sha256(id): even = tune, odd = check). Rules may be changed only by looking at tuning-half errors; the
 * check half is the honest figure for news the rules were not written on. So:
 * - figures are printed per half, per topic and per source (wcep, fwd, reuters...), with and without
 *   borderline items, plus deadline-date accuracy per half;
 * - `--verbose` prints the errors (text, evidence) of the tuning half only, and misclassified ids are listed
 *   for the tuning half only; the check half reports counts. `--verbose --half check` is refused;
 * - `--min-f1 X` exits 1 when, in a gated half (the check half unless `--half tune|all` says otherwise), a
 *   topic that has positives there scores F1 below X without borderline items.
 *
 * Usage: npm run eval -- [labelled.jsonl ...] [--half tune|check|all] [--min-f1 0.90] [--verbose]
 *                        [--topics dir]
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import * as z from "zod";
import type { TopicTag } from "../lambdas/core/article.ts";
import { loadTagger } from "../lambdas/core/tagger/load.ts";

const DEFAULT_FILES = ["../shared/data/topics-dev.jsonl", "../shared/data/topics-dev-wire.jsonl"];

export type Half = "tune" | "check";
const HALVES: readonly Half[] = ["tune", "check"];

/** The half an item belongs to: first byte of sha256(id), even = tune, odd = check. */
export function halfOf(id: string): Half {
  return ((createHash("sha256").update(id, "utf8").digest()[0] as number) & 1) === 0 ? "tune" : "check";
}

const itemSchema = z.looseObject({
  id: z.string(),
  date: z.string().nullable().optional(),
  source: z.string().optional(),
  text: z.string(),
  borderline: z.array(z.string()).default([]),
  deadline_phrase: z.string().nullable().optional(),
  deadline_date: z.string().nullable().optional(),
});
type Item = z.infer<typeof itemSchema> & Record<string, unknown>;

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

interface DateCounts {
  tagged: number;
  taggedOk: number;
  labelled: number;
  labelledOk: number;
  misses: string[];
}
const zeroDates = (): DateCounts => ({ tagged: 0, taggedOk: 0, labelled: 0, labelledOk: 0, misses: [] });

export interface Options {
  files: string[];
  half: Half | "all";
  minF1: number | undefined;
  verbose: boolean;
  topicsDir: string | undefined;
}

const USAGE =
  "usage: npm run eval -- [labelled.jsonl ...] [--half tune|check|all] [--min-f1 0.90] [--verbose] [--topics dir]\n";

export function parseArgs(argv: readonly string[]): Options {
  const files: string[] = [];
  let half: Options["half"] = "all";
  let minF1: number | undefined;
  let verbose = false;
  let topicsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--min-f1") minF1 = Number(argv[++i]);
    else if (a === "--half") {
      const h = argv[++i];
      if (h !== "tune" && h !== "check" && h !== "all") throw new Error("--half must be tune, check or all");
      half = h;
    } else if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--topics") topicsDir = argv[++i];
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (minF1 !== undefined && Number.isNaN(minF1)) throw new Error("--min-f1 needs a number");
  if (verbose && half === "check")
    throw new Error(
      "--verbose prints errors of the tuning half only: the check half must not be tuned on (drop --verbose)",
    );
  return {
    files: files.length > 0 ? files : DEFAULT_FILES.filter((f) => existsSync(f)),
    half,
    minF1,
    verbose,
    topicsDir,
  };
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const fmt = (x: number) => (Number.isNaN(x) ? "  n/a" : x.toFixed(3));

export function prf(c: Counts) {
  const p = ratio(c.tp, c.tp + c.fp);
  const r = ratio(c.tp, c.tp + c.fn);
  // No positives and no predictions: nothing to get wrong.
  const f1 = c.tp + c.fp + c.fn === 0 ? 1 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
  return { p, r, f1 };
}

function readItems(file: string): Item[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = itemSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message}`);
      return r.data as Item;
    });
}

/** One half's counts, keyed by source ("all" = every source), then topic. */
type Table = Map<string, Map<string, { clear: Counts; all: Counts }>>;

function getOrInit<K, V>(map: Map<K, V>, key: K, init: () => V): V {
  const v = map.get(key);
  if (v !== undefined) return v;
  const fresh = init();
  map.set(key, fresh);
  return fresh;
}

function bump(table: Table, source: string, topic: string, key: keyof Counts, borderline: boolean) {
  const bySource = getOrInit(table, source, () => new Map());
  const c = getOrInit(bySource, topic, () => ({ clear: zero(), all: zero() }));
  c.all[key]++;
  if (!borderline) c.clear[key]++;
}

function evalFile(file: string, opts: Options, out: (s: string) => void): boolean {
  const items = readItems(file);
  const tagger = loadTagger(opts.topicsDir);
  const topics = tagger.topics;
  const halves = opts.half === "all" ? HALVES : [opts.half];
  const tables = new Map<Half, Table>(HALVES.map((h) => [h, new Map()]));
  const dates = new Map<Half, Map<string, DateCounts>>(HALVES.map((h) => [h, new Map()]));
  const wrong = new Map<string, { fp: string[]; fn: string[] }>(topics.map((t) => [t, { fp: [], fn: [] }]));
  const sources = [...new Set(items.map((i) => i.source ?? "unknown"))].sort();
  const started = performance.now();
  let tagged = 0;
  for (const item of items) {
    const half = halfOf(item.id);
    if (!halves.includes(half)) continue;
    tagged++;
    const source = item.source ?? "unknown";
    const tags = tagger.tag(item.text, item.date ? { referenceDate: item.date } : {});
    const byTopic = new Map<string, TopicTag>(tags.map((t) => [t.topic, t]));
    const table = tables.get(half) as Table;
    for (const topic of topics) {
      const gold = item[topic] === 1;
      const predicted = byTopic.has(topic);
      const key = gold ? (predicted ? "tp" : "fn") : predicted ? "fp" : "tn";
      const borderline = item.borderline.includes(topic);
      bump(table, "all", topic, key, borderline);
      bump(table, source, topic, key, borderline);
      if (!borderline && (key === "fp" || key === "fn") && half === "tune") {
        (wrong.get(topic) as { fp: string[]; fn: string[] })[key].push(item.id);
        if (opts.verbose) {
          const ev = byTopic.get(topic);
          out(
            `${key.toUpperCase()} ${topic} ${item.id}: ${item.text.slice(0, 400)}\n${ev ? `   evidence: ${ev.evidence.slice(0, 300)}\n` : ""}`,
          );
        }
      }
    }
    if (item.deadline === 1 && item.deadline_date) {
      const got = byTopic.get("deadline")?.deadline?.date ?? null;
      const perHalf = dates.get(half) as Map<string, DateCounts>;
      for (const key of ["all", source]) {
        const d = getOrInit(perHalf, key, zeroDates);
        const ok = got === item.deadline_date;
        d.labelled++;
        if (ok) d.labelledOk++;
        if (byTopic.has("deadline")) {
          d.tagged++;
          if (ok) d.taggedOk++;
        }
        if (!ok && key === "all") {
          d.misses.push(item.id);
          if (opts.verbose && half === "tune") {
            const dl = byTopic.get("deadline")?.deadline;
            out(
              `DATE ${item.id} ref ${item.date}: want ${item.deadline_date} ("${item.deadline_phrase}") got ${got} ("${dl?.phrase ?? ""}")\n`,
            );
          }
        }
      }
    }
  }
  const ms = performance.now() - started;
  const halfSize = (h: Half) => items.filter((i) => halfOf(i.id) === h).length;
  out(
    `\n${file}: ${items.length} items (tune ${halfSize("tune")}, check ${halfSize("check")}); ${tagged} tagged in ${ms.toFixed(0)} ms\n`,
  );
  let failed = false;
  const gated: readonly Half[] = opts.half === "all" ? ["check"] : [opts.half];
  for (const half of halves) {
    const table = tables.get(half) as Table;
    out(`\n${half} half${half === "check" ? " (held out: never tuned on)" : ""}\n`);
    const header =
      "topic         source      | w/o borderline: P      R      F1     TP   FP   FN | all items: P      R      F1     TP   FP   FN";
    out(`${header}\n${"-".repeat(header.length)}\n`);
    for (const topic of topics) {
      for (const source of ["all", ...sources]) {
        const c = table.get(source)?.get(topic);
        if (!c) continue;
        const row = (k: Counts) => {
          const { p, r, f1 } = prf(k);
          return `${fmt(p)}  ${fmt(r)}  ${fmt(f1)}  ${String(k.tp).padStart(4)} ${String(k.fp).padStart(4)} ${String(k.fn).padStart(4)}`;
        };
        out(
          `${topic.padEnd(13)} ${source.padEnd(11)} |                 ${row(c.clear)} |            ${row(c.all)}\n`,
        );
        if (source === "all" && opts.minF1 !== undefined && gated.includes(half)) {
          const positives = c.clear.tp + c.clear.fn;
          if (positives > 0 && prf(c.clear).f1 < opts.minF1) failed = true;
        }
      }
    }
    const perHalf = dates.get(half) as Map<string, DateCounts>;
    for (const key of ["all", ...sources]) {
      const d = perHalf.get(key);
      if (!d) continue;
      out(
        `deadline dates ${key.padEnd(8)}: ${d.taggedOk}/${d.tagged} = ${fmt(ratio(d.taggedOk, d.tagged))} exact over tagged items with a labelled date; ${d.labelledOk}/${d.labelled} = ${fmt(ratio(d.labelledOk, d.labelled))} over all items with a labelled date\n`,
      );
    }
    if (half === "tune") {
      out("misclassified tuning-half ids (without borderline):\n");
      for (const topic of topics) {
        const w = wrong.get(topic) as { fp: string[]; fn: string[] };
        out(`  ${topic} FP: ${w.fp.join(", ") || "-"}\n  ${topic} FN: ${w.fn.join(", ") || "-"}\n`);
      }
      out(`  deadline date misses: ${perHalf.get("all")?.misses.join(", ") || "-"}\n`);
    } else {
      out("(check-half errors are counted above, never listed)\n");
    }
  }
  if (failed)
    out(
      `\neval: ${file}: a topic with positives scores F1 (without borderline) below ${opts.minF1} in the ${gated.join("/")} half\n`,
    );
  return !failed;
}

export function main(
  argv: readonly string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
): number {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`eval: ${(error as Error).message}\n`);
    return 2;
  }
  if (opts.files.length === 0) {
    process.stderr.write(`eval: no labelled file given and none of ${DEFAULT_FILES.join(", ")} exists\n`);
    return 2;
  }
  let ok = true;
  for (const file of opts.files) {
    if (!existsSync(file)) {
      process.stderr.write(`eval: ${file} not found\n`);
      return 2;
    }
    if (!evalFile(file, opts, out)) ok = false;
  }
  return ok ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
