/**
 * Samples what the tagger does on an unlabelled corpus, for judging by hand against GUIDELINES.md:
 * - `hits`: a seeded random sample of the items a topic fires on, with the evidence sentence and the rules;
 * - `misses`: a sample of items that contain one of the topic's trigger-like words but where it does not fire.
 * Items that are in a labelled file (topics-dev*.jsonl) are skipped, so an audit never reads the check halves.
 *
 * Usage: npx tsx scripts/audit.ts <corpus.jsonl> --topic <name> [--mode hits|misses] [--sample 30]
 *          [--seed 1] [--words 'regex'] [--rule id] [--context 300] [--topics dir]
 * `--rule id` keeps only the hits whose evidence sentence fired that rule (a per-rule precision sample).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { compileTopic } from "../lambdas/core/tagger/definition.ts";
import { scoreSentence } from "../lambdas/core/tagger/engine.ts";
import { loadTagger, loadTopicDefinitions } from "../lambdas/core/tagger/load.ts";

interface Item {
  id: string;
  date?: string | null;
  text: string;
}

function parseArgs(argv: readonly string[]) {
  const o = {
    corpus: "",
    topic: "",
    mode: "hits",
    sample: 30,
    seed: 1,
    words: "",
    rule: "",
    context: 300,
    topicsDir: undefined as string | undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = () => argv[++i] as string;
    if (a === "--topic") o.topic = next();
    else if (a === "--mode") o.mode = next();
    else if (a === "--sample") o.sample = Number(next());
    else if (a === "--seed") o.seed = Number(next());
    else if (a === "--words") o.words = next();
    else if (a === "--rule") o.rule = next();
    else if (a === "--context") o.context = Number(next());
    else if (a === "--topics") o.topicsDir = next();
    else o.corpus = a;
  }
  if (!o.corpus || !o.topic)
    throw new Error("usage: audit.ts <corpus.jsonl> --topic <name> [--mode hits|misses]");
  return o;
}

/** mulberry32: a small seeded generator, so a sample can be drawn again. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function labelledIds(corpus: string): Set<string> {
  const dir = dirname(corpus);
  const ids = new Set<string>();
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    if (!/^topics-dev.*\.jsonl$/.test(f)) continue;
    for (const l of readFileSync(join(dir, f), "utf8").split("\n"))
      if (l.trim()) ids.add((JSON.parse(l) as Item).id);
  }
  return ids;
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const skip = labelledIds(o.corpus);
  const items = readFileSync(o.corpus, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Item)
    .filter((i) => !skip.has(i.id));
  const tagger = loadTagger(o.topicsDir);
  const def = loadTopicDefinitions(o.topicsDir).find((d) => d.name === o.topic);
  if (!def) throw new Error(`unknown topic ${o.topic}`);
  const compiled = compileTopic(def);
  const words = o.words ? new RegExp(o.words, "i") : compiled.trigger;
  const pool: { item: Item; tag?: ReturnType<typeof tagger.tag>[number] }[] = [];
  let hits = 0;
  for (const item of items) {
    const tag = tagger
      .tag(item.text, item.date ? { referenceDate: item.date } : {})
      .find((t) => t.topic === o.topic);
    if (tag) hits++;
    if (tag && o.rule && !scoreSentence(compiled, tag.evidence).rules.includes(o.rule)) continue;
    if (o.mode === "hits" ? tag : !tag && words.test(item.text)) pool.push({ item, tag });
  }
  const random = rng(o.seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as (typeof pool)[number], pool[i] as (typeof pool)[number]];
  }
  process.stdout.write(
    `${o.corpus}: ${items.length} unlabelled items, ${o.topic} fires on ${hits}; ${o.mode} pool ${pool.length}, sample ${Math.min(o.sample, pool.length)} (seed ${o.seed})\n\n`,
  );
  for (const { item, tag } of pool.slice(0, o.sample)) {
    const head = item.text.slice(0, 120).replace(/\s+/g, " ");
    process.stdout.write(`## ${item.id} (${item.text.length} chars) ${head}\n`);
    if (tag) {
      const { rules } = scoreSentence(compiled, tag.evidence);
      const at = item.text.indexOf(tag.evidence);
      const before = item.text.slice(Math.max(0, at - o.context), at).replace(/\s+/g, " ");
      process.stdout.write(
        `   rules ${rules.join(",")} score ${tag.score}${tag.deadline ? ` deadline ${JSON.stringify(tag.deadline)}` : ""}\n`,
      );
      process.stdout.write(`   ...${before} >>>${tag.evidence}<<<\n\n`);
    } else {
      const re = new RegExp(words.source, "gi");
      for (const m of item.text.matchAll(re)) {
        const s = item.text.slice(
          Math.max(0, (m.index ?? 0) - o.context / 2),
          (m.index ?? 0) + o.context / 2,
        );
        process.stdout.write(`   ...${s.replace(/\s+/g, " ")}...\n`);
      }
      process.stdout.write("\n");
    }
  }
}

main();
