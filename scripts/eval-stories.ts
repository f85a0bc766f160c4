/**
 * Story assignment evaluation: `npm run eval:stories [-- --grid] [--limit N]`.
 *
 * Builds a labelled set at run time from the shared corpora (../shared/data/corpus-reuters-1987.jsonl and
 * corpus-wcep-2025.jsonl; their texts are never written to the repository): each base story is sent as the
 * original plus syndicated copies made programmatically (a trimmed copy with another outlet's dateline and credit
 * line, an "UPDATE 1-" copy with one added sentence, re-headlined copies with house-style edits, paragraph
 * reorders, copyright footers), mixed with hard negatives (distinct stories naming the same company ticker,
 * templated earnings and dividend reports, same-country events within days of each other). Everything arrives
 * shuffled inside one 72-hour window (the hardest case: every story is a candidate for every other), and goes
 * through the real `assignStory` over an in-memory index.
 *
 * Base stories are split by a hash of their id into a tuning part and a check part; the shipped rules were
 * chosen on the tuning part (`--grid` prints the search) and are reported on both.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { TaggedArticle } from "../lambdas/core/article.ts";
import { assignStory, STORY_RULES, type StoryRules } from "../lambdas/core/stories/assign.ts";
import { shingleHashes, storyTitle, words } from "../lambdas/core/stories/fingerprint.ts";
import { MemoryStoryIndex } from "../lambdas/core/stories/memory-index.ts";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../shared/data" },
    grid: { type: "boolean", default: false },
    limit: { type: "string" },
    seed: { type: "string", default: "11" },
    explain: { type: "boolean", default: false },
  },
});
const DATA = resolve(values.data as string);
const REUTERS = join(DATA, "corpus-reuters-1987.jsonl");
const WCEP = join(DATA, "corpus-wcep-2025.jsonl");
if (!existsSync(REUTERS) || !existsSync(WCEP)) {
  console.log(`eval:stories skipped: ${REUTERS} or ${WCEP} not found (the shared corpora are not here)`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness

let rngState = Number(values.seed) >>> 0 || 11;
function rand(): number {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs;
}
const part = (id: string) =>
  (createHash("sha256").update(id).digest()[0] as number) % 2 === 0 ? "tune" : "check";

// ---------------------------------------------------------------------------------------------------------
// Base stories

interface Base {
  id: string;
  title: string;
  body: string;
  /** Hard-negative group: stories in one group share a company, a template or a country. */
  group?: string;
  corpus: "reuters" | "wcep";
  date?: string;
}

const readJsonl = (file: string) =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string; date?: string });

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

function reutersBases(): Base[] {
  const seen = new Set<string>();
  const out: Base[] = [];
  for (const r of readJsonl(REUTERS)) {
    const cut = r.text.indexOf(". ");
    if (cut < 0) continue;
    const title = r.text.slice(0, cut).trim();
    const body = r.text.slice(cut + 2).trim();
    if (wordCount(body) < 12 || seen.has(body)) continue;
    seen.add(body);
    out.push({ id: r.id, title, body, corpus: "reuters" });
  }
  return out;
}

function wcepBases(): Base[] {
  return readJsonl(WCEP)
    .filter((w) => wordCount(w.text) >= 12)
    .map((w) => ({
      id: w.id,
      title: w.text.split(/\s+/).slice(0, 10).join(" "),
      body: w.text,
      corpus: "wcep" as const,
      date: w.date,
    }));
}

/** Hard negatives and a random remainder, from both corpora. */
function chooseBases(limit: number): Base[] {
  const reuters = shuffle(reutersBases());
  const wcep = shuffle(wcepBases());
  const chosen = new Map<string, Base>();
  const add = (b: Base, group?: string) => {
    if (!chosen.has(b.id)) chosen.set(b.id, group ? { ...b, group } : b);
  };
  // Same company: stories naming the same ticker, e.g. "<GM>".
  const byTicker = new Map<string, Base[]>();
  for (const b of reuters) {
    const t = /<([A-Z][A-Z.]{0,8})>/.exec(`${b.title} ${b.body.slice(0, 200)}`)?.[1];
    if (t) byTicker.set(t, [...(byTicker.get(t) ?? []), b]);
  }
  let groups = 0;
  for (const [ticker, list] of byTicker) {
    if (list.length < 2 || groups >= limit * 0.12) continue;
    for (const b of list.slice(0, 3)) add(b, `ticker:${ticker}`);
    groups++;
  }
  // Templated reports: quarterly results and dividends read alike whatever the company.
  const templated = reuters.filter((b) => /\b(?:QTR|QTLY|QUARTERLY|YEAR|DIVIDEND|DIV)\b/.test(b.title));
  for (const b of templated.slice(0, Math.round(limit * 0.2))) add(b, "template");
  // Same country within days: WCEP events sharing a capitalised place name, two days apart at most.
  const byPlace = new Map<string, Base[]>();
  for (const b of wcep) {
    for (const place of new Set(b.body.match(/(?<=\s)[A-Z][a-z]{3,}(?=[\s,.])/g) ?? [])) {
      byPlace.set(place, [...(byPlace.get(place) ?? []), b]);
    }
  }
  let placeGroups = 0;
  for (const [place, list] of byPlace) {
    if (placeGroups >= limit * 0.1) break;
    const sorted = list.sort((a, b) => (a.date ?? "").localeCompare(b.date ?? ""));
    for (let i = 0; i + 1 < sorted.length; i++) {
      const a = sorted[i] as Base;
      const b = sorted[i + 1] as Base;
      if (Math.abs(Date.parse(a.date ?? "") - Date.parse(b.date ?? "")) <= 2 * 86_400_000) {
        add(a, `place:${place}`);
        add(b, `place:${place}`);
        placeGroups++;
        break;
      }
    }
  }
  for (const b of reuters) {
    if (chosen.size >= limit * 0.75) break;
    add(b);
  }
  for (const b of wcep) {
    if (chosen.size >= limit) break;
    add(b);
  }
  return [...chosen.values()];
}

// ---------------------------------------------------------------------------------------------------------
// Syndicated copies (our own transformations; the added words are ours)

const sentencesOf = (text: string) =>
  text
    .split(/(?<=[.!?]["”’)]?)\s+(?=["“‘(]?[A-Z0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);

const CITIES = ["LONDON", "NEW YORK", "BRUSSELS", "TOKYO", "WASHINGTON", "PARIS", "FRANKFURT", "SYDNEY"];
const AGENCIES = ["Reuters", "AP", "AFP", "dpa", "Example Wire", "Newsroom"];
const NAMES = ["Ana Lind", "Tomas Berg", "Mira Osei", "Jon Park", "Lea Novak", "Sam Ortiz", "Ines Roy"];
const ADDED = [
  "Officials did not respond to requests for further comment.",
  "The statement gave no further details and a spokesperson declined to elaborate.",
  "Analysts said the move had been widely expected in recent weeks.",
  "Further talks are expected later this week, according to people familiar with the matter.",
  "The announcement came after markets had closed for the day.",
];
const OUTLETS = ["Example Daily", "The Sample Times", "Wire Partner", "Regional Courier", "Metro Post"];

type Variant = "trim+credit" | "lead-only" | "update" | "reheadline+style" | "reorder" | "credit+copyright";

function withCredit(body: string): string {
  const dateline = `${pick(CITIES)} (${pick(AGENCIES)}) - `;
  return `${dateline}${body} (Reporting by ${pick(NAMES)}; Editing by ${pick(NAMES)})`;
}

function variant(kind: Variant, base: Base): { title: string; body: string } {
  const sentences = sentencesOf(base.body);
  switch (kind) {
    case "trim+credit": {
      // An outlet keeps the top of the story (the inverted pyramid) and adds its credit line.
      const keep = Math.max(1, Math.ceil(sentences.length * (0.25 + rand() * 0.6)));
      return { title: base.title, body: withCredit(sentences.slice(0, keep).join(" ")) };
    }
    case "lead-only": {
      // A brief: the top of a long story (its first sentences, at least 15 words), under another dateline.
      const brief: string[] = [];
      for (const sentence of sentences) {
        brief.push(sentence);
        if (wordCount(brief.join(" ")) >= 15 + Math.floor(rand() * 20)) break;
      }
      return { title: base.title, body: withCredit(brief.join(" ")) };
    }
    case "update": {
      const at = 1 + Math.floor(rand() * Math.max(1, sentences.length - 1));
      const next = [...sentences.slice(0, at), pick(ADDED), ...sentences.slice(at)];
      return { title: `UPDATE 1-${base.title}`, body: next.join(" ") };
    }
    case "reheadline+style": {
      // House style: "said on Tuesday" -> "said Tuesday", "per cent" -> "percent", "U.S." -> "US".
      const body = base.body
        .replace(/\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/g, "$1")
        .replace(/\bper cent\b/g, "percent")
        .replace(/\bU\.S\./g, "US")
        .replace(/\bmln\b/g, "million")
        .replace(/\bdlrs\b/g, "dollars");
      const words = body.split(/\s+/).slice(0, 9).join(" ");
      return { title: `${words}...`, body };
    }
    case "reorder": {
      if (sentences.length < 4) return { title: base.title, body: sentences.reverse().join(" ") };
      const k = 1 + Math.floor(sentences.length / 2);
      const next = [sentences[0] as string, ...sentences.slice(k), ...sentences.slice(1, k)];
      return { title: base.title, body: next.join(" ") };
    }
    case "credit+copyright":
      return {
        title: base.title,
        body: `${withCredit(base.body)}\n\nCopyright 2026 ${pick(OUTLETS)}. All rights reserved.`,
      };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The stream and the figures

interface Doc {
  article: TaggedArticle;
  story: string;
  variant: Variant | "original";
  group?: string;
}

/**
 * The corpora repeat some stories (a wire story sent twice, an earnings table filed under two ids). Base items
 * whose text, headline included, shares at least 80% of its 3-word shingles with another (computed exactly, not
 * estimated) are labelled one story, so such repeats count as true copies, not as false merges.
 */
function labelRepeats(bases: Base[]): Map<string, string> {
  const sets = bases.map((b) => new Set(shingleHashes(words(`${storyTitle(b.title)} ${b.body}`), 3)));
  const byShingle = new Map<number, number[]>();
  sets.forEach((set, i) => {
    for (const h of set) byShingle.set(h, [...(byShingle.get(h) ?? []), i]);
  });
  const label = new Map(bases.map((b) => [b.id, b.id]));
  const find = (id: string): string => {
    const up = label.get(id) as string;
    return up === id ? id : find(up);
  };
  let merged = 0;
  sets.forEach((set, i) => {
    const overlap = new Map<number, number>();
    for (const h of set)
      for (const j of byShingle.get(h) ?? []) if (j > i) overlap.set(j, (overlap.get(j) ?? 0) + 1);
    for (const [j, common] of overlap) {
      const smaller = Math.min(set.size, (sets[j] as Set<number>).size);
      if (smaller > 0 && common / smaller >= 0.8) {
        const a = find((bases[i] as Base).id);
        const b = find((bases[j] as Base).id);
        if (a !== b) {
          label.set(b, a);
          merged++;
        }
      }
    }
  });
  repeatsLabelled += merged;
  return new Map(bases.map((b) => [b.id, find(b.id)]));
}
let repeatsLabelled = 0;

function docsFor(bases: Base[]): Doc[] {
  const labels = labelRepeats(bases);
  const t0 = Date.parse("2026-03-02T00:00:00Z");
  const docs: Doc[] = [];
  let n = 0;
  const make = (b: Base, v: Variant | "original", title: string, body: string, source: string): Doc => ({
    article: {
      id: `${b.id}#${n++}`,
      contentHash: "",
      title,
      text: body,
      source,
      publishedAt: new Date(t0 + Math.floor(rand() * 48 * 3600_000)).toISOString(),
      ingestedAt: new Date(t0).toISOString(),
      tags: [],
    },
    story: labels.get(b.id) as string,
    variant: v,
    ...(b.group ? { group: b.group } : {}),
  });
  const kinds: Variant[] = ["trim+credit", "update", "reheadline+style", "reorder", "credit+copyright"];
  // Briefs only of stories long enough to be cut to a tenth (eight sentences or more).
  const long = (b: Base) => sentencesOf(b.body).length >= 8;
  for (const b of bases) {
    docs.push(make(b, "original", b.title, b.body, "Wire A"));
    // Half the stories are syndicated (2-3 copies); the rest stay single, as most news does.
    if (rand() < 0.5) continue;
    const copies = shuffle([...kinds]).slice(0, 2 + Math.floor(rand() * 2));
    if (!copies.includes("trim+credit") && rand() < 0.5) copies[0] = "trim+credit";
    if (long(b) && rand() < 0.5) copies.push("lead-only");
    for (const kind of copies) {
      const v = variant(kind, b);
      docs.push(make(b, kind, v.title, v.body, pick(OUTLETS)));
    }
  }
  return shuffle(docs);
}

interface Figures {
  docs: number;
  stories: number;
  syndicated: number;
  pairPrecision: number;
  pairRecall: number;
  storyRecall: number;
  clusterPurity: number;
  extraAlerts: number;
  falseMerges: number;
  hardNegativeMerges: number;
  hardNegativeStories: number;
  copyRecall: Record<string, number>;
}

async function run(docs: Doc[], rules: StoryRules): Promise<Figures> {
  const index = new MemoryStoryIndex();
  const predicted = new Map<Doc, string>();
  for (const d of docs) predicted.set(d, (await assignStory(d.article, index, rules)).storyId);
  const pairs = (key: (d: Doc) => string) => {
    const counts = new Map<string, number>();
    for (const d of docs) counts.set(key(d), (counts.get(key(d)) ?? 0) + 1);
    let p = 0;
    for (const c of counts.values()) p += (c * (c - 1)) / 2;
    return p;
  };
  const truePairs = pairs((d) => d.story);
  const predPairs = pairs((d) => predicted.get(d) as string);
  const bothPairs = pairs((d) => `${d.story}|${predicted.get(d)}`);
  const byStory = new Map<string, Doc[]>();
  for (const d of docs) byStory.set(d.story, [...(byStory.get(d.story) ?? []), d]);
  const byCluster = new Map<string, Set<string>>();
  for (const d of docs) {
    const c = predicted.get(d) as string;
    byCluster.set(c, (byCluster.get(c) ?? new Set()).add(d.story));
  }
  let whole = 0;
  let syndicated = 0;
  let extra = 0;
  const merged = new Set<string>();
  for (const [story, list] of byStory) {
    const clusters = new Set(list.map((d) => predicted.get(d) as string));
    extra += clusters.size - 1;
    if (list.length > 1) {
      syndicated++;
      if (clusters.size === 1) whole++;
    }
    for (const c of clusters) if ((byCluster.get(c)?.size ?? 0) > 1) merged.add(story);
  }
  const pure = [...byCluster.values()].filter((s) => s.size === 1).length;
  if (values.explain) {
    for (const [c, set] of byCluster) {
      if (set.size < 2) continue;
      console.log(`\n--- merged into ${c}: ${[...set].join(", ")}`);
      for (const d of docs.filter((x) => predicted.get(x) === c))
        console.log(`  [${d.story} ${d.variant} ${d.group ?? ""}] ${d.article.text.slice(0, 160)}`);
    }
    for (const [story, list] of byStory) {
      const clusters = new Set(list.map((d) => predicted.get(d) as string));
      if (clusters.size < 2) continue;
      console.log(`\n--- split ${story}`);
      for (const d of list)
        console.log(`  [${d.variant} -> ${predicted.get(d)}] ${d.article.text.slice(0, 200)}`);
    }
  }
  const hard = [...byStory.entries()].filter(([, l]) => l[0]?.group);
  const copyRecall: Record<string, number> = {};
  const kinds = new Map<string, { ok: number; all: number }>();
  for (const d of docs) {
    if (d.variant === "original") continue;
    const original = byStory.get(d.story)?.find((x) => x.variant === "original");
    const k = kinds.get(d.variant) ?? { ok: 0, all: 0 };
    k.all++;
    if (original && predicted.get(original) === predicted.get(d)) k.ok++;
    kinds.set(d.variant, k);
  }
  for (const [k, v] of [...kinds].sort()) copyRecall[k] = v.ok / v.all;
  return {
    docs: docs.length,
    stories: byStory.size,
    syndicated,
    pairPrecision: predPairs ? bothPairs / predPairs : 1,
    pairRecall: truePairs ? bothPairs / truePairs : 1,
    storyRecall: syndicated ? whole / syndicated : 1,
    clusterPurity: byCluster.size ? pure / byCluster.size : 1,
    extraAlerts: extra,
    falseMerges: merged.size,
    hardNegativeMerges: hard.filter(([s]) => merged.has(s)).length,
    hardNegativeStories: hard.length,
    copyRecall,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const f1 = (f: Figures) => (2 * f.pairPrecision * f.pairRecall) / (f.pairPrecision + f.pairRecall || 1);

function table(rows: [string, ...string[]][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

const limit = Number(values.limit ?? 3000);
const bases = chooseBases(limit);
const tuneDocs = docsFor(bases.filter((b) => part(b.id) === "tune"));
const checkDocs = docsFor(bases.filter((b) => part(b.id) === "check"));

if (values.grid) {
  console.log("grid search on the tuning part (pairwise precision / recall; story recall; false merges)\n");
  const rows: { label: string; f: Figures }[] = [];
  for (const shingle of [2, 3, 4])
    for (const stopwords of [false, true])
      for (const [hashes, bands] of [
        [128, 32],
        [120, 40],
      ] as const)
        for (const jaccard of [0.35, 0.45, 0.55, 0.65])
          for (const containment of [0.75, 0.85, 1.01])
            for (const containmentMinShingles of [8, 15]) {
              if (containment > 1 && containmentMinShingles !== 8) continue;
              const rules: StoryRules = {
                ...STORY_RULES,
                params: { shingle, hashes, bands, stopwords },
                jaccard,
                containment,
                containmentMinShingles,
              };
              const f = await run(tuneDocs, rules);
              rows.push({
                label: `k=${shingle}${stopwords ? " -stop" : ""} h=${hashes} b=${bands} J>=${jaccard} C>=${containment > 1 ? "off" : `${containment}@${containmentMinShingles}`}`,
                f,
              });
            }
  rows.sort((a, b) => f1(b.f) - f1(a.f));
  console.log(
    table([
      ["rules", "pair P", "pair R", "F1", "story R", "false merges"],
      ...rows
        .slice(0, 25)
        .map(
          (r) =>
            [
              r.label,
              pct(r.f.pairPrecision),
              pct(r.f.pairRecall),
              pct(f1(r.f)),
              pct(r.f.storyRecall),
              String(r.f.falseMerges),
            ] as [string, ...string[]],
        ),
    ]),
  );
  console.log("");
}

const rules = STORY_RULES;
const tune = await run(tuneDocs, rules);
const check = await run(checkDocs, rules);
console.log(
  `story assignment, shipped rules: ${rules.params.shingle}-word shingles, ${rules.params.hashes} hashes in ${rules.params.bands} bands, ` +
    `Jaccard >= ${rules.jaccard} or containment >= ${rules.containment} (smaller text >= ${rules.containmentMinShingles} shingles)`,
);
console.log(
  `all copies and hard negatives inside one ${rules.windowMs / 3600_000} h window, arrival shuffled`,
);
console.log(`${repeatsLabelled} corpus repeats labelled as one story with their twin (see labelRepeats)\n`);
const row = (label: string, get: (f: Figures) => string): [string, ...string[]] => [
  label,
  get(tune),
  get(check),
];
console.log(
  table([
    ["", "tune", "check"],
    row("articles", (f) => String(f.docs)),
    row("stories (syndicated)", (f) => `${f.stories} (${f.syndicated})`),
    row("pairwise precision", (f) => pct(f.pairPrecision)),
    row("pairwise recall", (f) => pct(f.pairRecall)),
    row("story recall (all copies in one story)", (f) => pct(f.storyRecall)),
    row("story precision (pure predicted stories)", (f) => pct(f.clusterPurity)),
    row("extra alerts (stories split)", (f) => String(f.extraAlerts)),
    row("stories wrongly merged", (f) => String(f.falseMerges)),
    row("hard negatives wrongly merged", (f) => `${f.hardNegativeMerges} of ${f.hardNegativeStories}`),
    ...Object.keys(check.copyRecall).map((k) =>
      row(`copy joined its original: ${k}`, (f) => pct(f.copyRecall[k] ?? 0)),
    ),
  ]),
);
