/**
 * Scores the tagger on a labelled JSON-lines file (the format of ../shared/data/topics-dev.jsonl):
 * per-topic precision, recall and F1 with counts, with and without borderline items, deadline-date accuracy,
 * and the misclassified ids. Usage: npm run eval -- [file.jsonl] [--min-f1 0.90] [--verbose] [--topics dir]
 */
import { existsSync, readFileSync } from "node:fs";
import * as z from "zod";
import type { TopicTag } from "../lambdas/core/article.ts";
import { loadTagger } from "../lambdas/core/tagger/load.ts";

const DEFAULT_FILE = "../shared/data/topics-dev.jsonl";

const itemSchema = z.looseObject({
  id: z.string(),
  date: z.string().nullable().optional(),
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

function parseArgs(argv: string[]) {
  let file = DEFAULT_FILE;
  let minF1: number | undefined;
  let verbose = false;
  let topicsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--min-f1") minF1 = Number(argv[++i]);
    else if (a === "--verbose" || a === "-v") verbose = true;
    else if (a === "--topics") topicsDir = argv[++i];
    else if (a === "--help" || a === "-h") {
      process.stdout.write(
        "usage: npm run eval -- [labelled.jsonl] [--min-f1 0.90] [--verbose] [--topics dir]\n",
      );
      process.exit(0);
    } else file = a;
  }
  if (minF1 !== undefined && Number.isNaN(minF1)) throw new Error("--min-f1 needs a number");
  return { file, minF1, verbose, topicsDir };
}

const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const fmt = (x: number) => (Number.isNaN(x) ? "  n/a" : x.toFixed(3));

function prf(c: Counts) {
  const p = ratio(c.tp, c.tp + c.fp);
  const r = ratio(c.tp, c.tp + c.fn);
  // No positives and no predictions: nothing to get wrong.
  const f1 = c.tp + c.fp + c.fn === 0 ? 1 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn);
  return { p, r, f1 };
}

function main(): number {
  const { file, minF1, verbose, topicsDir } = parseArgs(process.argv.slice(2));
  if (!existsSync(file)) {
    process.stderr.write(`eval: ${file} not found\n`);
    return 2;
  }
  const items: Item[] = readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l, i) => {
      const r = itemSchema.safeParse(JSON.parse(l));
      if (!r.success) throw new Error(`${file}:${i + 1}: ${r.error.issues[0]?.message}`);
      return r.data as Item;
    });
  const tagger = loadTagger(topicsDir);
  const topics = tagger.topics;
  const all = new Map(topics.map((t) => [t, { tp: 0, fp: 0, fn: 0, tn: 0 } as Counts]));
  const clear = new Map(topics.map((t) => [t, { tp: 0, fp: 0, fn: 0, tn: 0 } as Counts]));
  const wrong = new Map(topics.map((t) => [t, { fp: [] as string[], fn: [] as string[] }]));
  const dates = { tagged: 0, taggedOk: 0, labelled: 0, labelledOk: 0, misses: [] as string[] };
  const started = performance.now();
  for (const item of items) {
    const tags = tagger.tag(item.text, item.date ? { referenceDate: item.date } : {});
    const byTopic = new Map<string, TopicTag>(tags.map((t) => [t.topic, t]));
    for (const topic of topics) {
      const gold = item[topic] === 1;
      const predicted = byTopic.has(topic);
      const key = gold ? (predicted ? "tp" : "fn") : predicted ? "fp" : "tn";
      (all.get(topic) as Counts)[key]++;
      if (!item.borderline.includes(topic)) {
        (clear.get(topic) as Counts)[key]++;
        if (key === "fp" || key === "fn") {
          (wrong.get(topic) as { fp: string[]; fn: string[] })[key].push(item.id);
          if (verbose) {
            const ev = byTopic.get(topic);
            process.stdout.write(
              `${key.toUpperCase()} ${topic} ${item.id}: ${item.text.slice(0, 300)}\n${ev ? `   evidence: ${ev.evidence.slice(0, 200)}\n` : ""}`,
            );
          }
        }
      }
    }
    if (item.deadline === 1 && item.deadline_date) {
      const got = byTopic.get("deadline")?.deadline?.date ?? null;
      dates.labelled++;
      const ok = got === item.deadline_date;
      if (ok) dates.labelledOk++;
      if (byTopic.has("deadline")) {
        dates.tagged++;
        if (ok) dates.taggedOk++;
      }
      if (!ok) {
        dates.misses.push(item.id);
        if (verbose) {
          const d = byTopic.get("deadline")?.deadline;
          process.stdout.write(
            `DATE ${item.id} ref ${item.date}: want ${item.deadline_date} ("${item.deadline_phrase}") got ${got} ("${d?.phrase ?? ""}")\n`,
          );
        }
      }
    }
  }
  const ms = performance.now() - started;

  process.stdout.write(`\n${file}: ${items.length} items, tagged in ${ms.toFixed(0)} ms\n\n`);
  const header = "topic         set             P      R      F1     TP   FP   FN";
  process.stdout.write(`${header}\n${"-".repeat(header.length)}\n`);
  let failed = false;
  for (const topic of topics) {
    for (const [label, counts] of [
      ["w/o borderline", clear.get(topic) as Counts],
      ["all items", all.get(topic) as Counts],
    ] as const) {
      const { p, r, f1 } = prf(counts);
      process.stdout.write(
        `${topic.padEnd(13)} ${label.padEnd(14)} ${fmt(p)}  ${fmt(r)}  ${fmt(f1)}  ${String(counts.tp).padStart(4)} ${String(counts.fp).padStart(4)} ${String(counts.fn).padStart(4)}\n`,
      );
      if (label === "w/o borderline" && minF1 !== undefined && f1 < minF1) failed = true;
    }
  }
  process.stdout.write(
    `\ndeadline date accuracy: ${dates.taggedOk}/${dates.tagged} = ${fmt(ratio(dates.taggedOk, dates.tagged))} over tagged items with a labelled date; ${dates.labelledOk}/${dates.labelled} = ${fmt(ratio(dates.labelledOk, dates.labelled))} over all items with a labelled date\n`,
  );
  process.stdout.write("\nmisclassified ids (without borderline):\n");
  for (const topic of topics) {
    const w = wrong.get(topic) as { fp: string[]; fn: string[] };
    process.stdout.write(
      `  ${topic} FP: ${w.fp.join(", ") || "-"}\n  ${topic} FN: ${w.fn.join(", ") || "-"}\n`,
    );
  }
  process.stdout.write(`  deadline date misses: ${dates.misses.join(", ") || "-"}\n`);
  if (failed) {
    process.stderr.write(`\neval: a topic's F1 (without borderline) is below ${minF1}\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
