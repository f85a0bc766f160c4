/** The rule engine: runs compiled topic definitions over a text, sentence by sentence. */
import type { DeadlineInfo, TopicTag } from "../article.ts";
import { findDeadline, toReferenceDay } from "./deadline.ts";
import {
  type CompiledGroup,
  type CompiledRule,
  type CompiledTopic,
  compileTopic,
  type TopicDefinition,
} from "./definition.ts";
import { type Sentence, splitSentences } from "./sentences.ts";
import type { Tagger, TagOptions } from "./types.ts";

/** Word index of every match of `group` in `text` (by counting whitespace runs before each match). */
function wordPositions(group: CompiledGroup, text: string, wordStarts: readonly number[]): number[] {
  const out: number[] = [];
  group.all.lastIndex = 0;
  for (let m = group.all.exec(text); m !== null; m = group.all.exec(text)) {
    // Binary search: the number of word starts at or before the match start, minus one.
    let lo = 0;
    let hi = wordStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((wordStarts[mid] as number) <= m.index) lo = mid + 1;
      else hi = mid;
    }
    out.push(Math.max(0, lo - 1));
    if (m[0].length === 0) group.all.lastIndex++;
  }
  return out;
}

/** True when one position from each list fits in a window of `near` words (in order when `ordered`). */
function fitsWindow(positions: readonly number[][], near: number | undefined, ordered: boolean): boolean {
  const pick = (i: number, lo: number, hi: number, prev: number): boolean => {
    if (i === positions.length) return near === undefined || hi - lo <= near;
    for (const p of positions[i] as number[]) {
      if (ordered && p < prev) continue;
      const nlo = Math.min(lo, p);
      const nhi = Math.max(hi, p);
      if (near !== undefined && nhi - nlo > near) continue;
      if (pick(i + 1, nlo, nhi, p)) return true;
    }
    return false;
  };
  return pick(0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY);
}

/** Whether a group occurs in the sentence, tested at most once per sentence (rules share groups). */
type GroupTest = (g: CompiledGroup) => boolean;

function ruleMatches(rule: CompiledRule, text: string, has: GroupTest, wordStarts: () => number[]): boolean {
  for (const g of rule.groups) if (!has(g)) return false;
  for (const g of rule.unless) if (has(g)) return false;
  if (rule.near === undefined && !rule.ordered) return true;
  const starts = wordStarts();
  return fitsWindow(
    rule.groups.map((g) => wordPositions(g, text, starts)),
    rule.near,
    rule.ordered,
  );
}

const blank = (m: string) => " ".repeat(m.length);

interface SentenceScore {
  readonly sentence: Sentence;
  readonly score: number;
  readonly rules: readonly string[];
}

/** Scores one sentence for one topic: 1 - prod(1 - weight) over the rules that fire in it. */
export function scoreSentence(topic: CompiledTopic, sentence: string): { score: number; rules: string[] } {
  let text = sentence;
  for (const mask of topic.mask) text = text.replace(mask, blank);
  // 0 = not tested yet, 1 = absent, 2 = present.
  const seen = new Uint8Array(topic.groups.length);
  const has: GroupTest = (g) => {
    let v = seen[g.index] as number;
    if (v === 0) {
      v = g.test.test(text) ? 2 : 1;
      seen[g.index] = v;
    }
    return v === 2;
  };
  for (const veto of topic.vetoes) if (has(veto)) return { score: 0, rules: [] };
  let miss = 1;
  const rules: string[] = [];
  let starts: number[] | undefined;
  const wordStarts = () => {
    if (!starts) {
      starts = [];
      const re = /\S+/g;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) starts.push(m.index);
    }
    return starts;
  };
  for (const rule of topic.rules) {
    if (ruleMatches(rule, text, has, wordStarts)) {
      miss *= 1 - rule.weight;
      rules.push(rule.id);
    }
  }
  return { score: 1 - miss, rules };
}

function tagWith(
  topics: readonly CompiledTopic[],
  anyTrigger: RegExp,
  text: string,
  options: TagOptions | undefined,
): TopicTag[] {
  // Most news items mention no topic at all: one scan with the union of every trigger settles them.
  if (!anyTrigger.test(text)) return [];
  const candidates = topics.filter((t) => t.trigger.test(text));
  if (candidates.length === 0) return [];
  const sentences = splitSentences(text);
  const tags: TopicTag[] = [];
  for (const topic of candidates) {
    const scored: SentenceScore[] = [];
    for (const sentence of sentences) {
      if (!topic.trigger.test(sentence.text)) continue;
      const { score, rules } = scoreSentence(topic, sentence.text);
      if (score >= topic.threshold) scored.push({ sentence, score, rules });
    }
    if (scored.length === 0) continue;
    // Highest score first; the earlier sentence wins a tie (leads and headlines state the news).
    scored.sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
    const top = scored[0] as SentenceScore;
    let best = top;
    let deadline: DeadlineInfo | undefined;
    if (topic.extract === "deadline") {
      // Several sentences may state the limit ("...within a day. X rejects the ultimatum."): quote the best
      // one that resolves to a date, else the best one that names the limit at all.
      const day = toReferenceDay(options?.referenceDate);
      const found = scored.map((s) => ({ s, d: findDeadline(s.sentence.text, day) }));
      const rank = (f: (typeof found)[number]) => (f.d ? (f.d.date ? 0 : 1000) + f.d.rank : 2000);
      // Stable sort: among equally specific phrases the higher-scoring (then earlier) sentence stays first.
      const pick = [...found].sort((a, b) => rank(a) - rank(b))[0];
      if (pick) {
        best = pick.s;
        // No recognisable phrase ("a time limit was set"): quote the trigger words themselves.
        const phrase = pick.d?.phrase ?? topic.trigger.exec(best.sentence.text)?.[0] ?? best.sentence.text;
        deadline = { phrase, date: pick.d?.date ?? null };
      }
    }
    const tag: TopicTag = {
      topic: topic.name,
      score: Math.round(top.score * 1000) / 1000,
      evidence: best.sentence.text,
    };
    if (deadline) tag.deadline = deadline;
    tags.push(tag);
  }
  return tags;
}

/** Builds a tagger from validated definitions; topics are reported in definition order. */
export function createTagger(definitions: readonly TopicDefinition[]): Tagger {
  const names = new Set<string>();
  for (const d of definitions) {
    if (names.has(d.name)) throw new Error(`duplicate topic "${d.name}"`);
    names.add(d.name);
  }
  const compiled = definitions.map(compileTopic);
  const anyTrigger = unionOf(compiled.map((t) => t.trigger));
  return {
    topics: Object.freeze(compiled.map((t) => t.name)),
    tag: (text, options) => tagWith(compiled, anyTrigger, text, options),
  };
}

/** One regex matching wherever any of `triggers` matches (each is `\b(?:...)`, case-insensitive). */
export function unionOf(triggers: readonly RegExp[]): RegExp {
  const unicode = triggers.some((t) => t.unicode);
  return new RegExp(triggers.map((t) => `(?:${t.source})`).join("|"), unicode ? "iu" : "i");
}
