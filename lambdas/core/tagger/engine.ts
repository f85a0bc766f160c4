/** The rule engine: runs compiled topic definitions over a text, sentence by sentence. */
import type { DeadlineInfo, TopicTag } from "../article.ts";
import { type LocatedDeadline, locateDeadline, toReferenceDay } from "./deadline.ts";
import {
  type CaseInsensitiveTest,
  type CompiledGroup,
  type CompiledRule,
  type CompiledTopic,
  caseInsensitiveTest,
  compileTopic,
  groupOccurs,
  type MatchingDefinition,
  triggerRegExp,
} from "./definition.ts";
import { type Sentence, splitSentences } from "./sentences.ts";
import type { Tagger, TagOptions } from "./types.ts";

/** Word index of every match of `group` in `text` (by counting whitespace runs before each match). */
function wordPositions(group: CompiledGroup, text: SentenceText, wordStarts: readonly number[]): number[] {
  const out: number[] = [];
  const [all, subject] =
    group.lower && text.lower !== undefined ? [group.lower, text.lower] : [group.all, text.text];
  all.lastIndex = 0;
  for (let m = all.exec(subject); m !== null; m = all.exec(subject)) {
    // Binary search: the number of word starts at or before the match start, minus one.
    let lo = 0;
    let hi = wordStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((wordStarts[mid] as number) <= m.index) lo = mid + 1;
      else hi = mid;
    }
    out.push(Math.max(0, lo - 1));
    if (m[0].length === 0) all.lastIndex++;
  }
  return out;
}

/**
 * A masked sentence, and the same lower-cased when that keeps its length (then lower-cased groups run on it
 * without the `i` flag, several times faster in V8; see lowerCasedPattern).
 */
export interface SentenceText {
  readonly text: string;
  readonly lower: string | undefined;
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

function ruleMatches(
  rule: CompiledRule,
  text: SentenceText,
  has: GroupTest,
  wordStarts: () => number[],
): boolean {
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

/**
 * A sentence with its mask groups' matches blanked (same length, so offsets still point into the original),
 * and the same lower-cased when that keeps its length. The masks run on the lower-cased sentence without the
 * `i` flag where they can (as the other groups do: V8 compiles such a pattern in about half the time, and
 * masks are compiled on a cold start's first candidate sentence), and their matches are blanked in both.
 */
export function maskedSentence(topic: CompiledTopic, sentence: string): SentenceText {
  let text = sentence;
  let lower = sameLengthLower(text);
  for (const mask of topic.mask) {
    // As wordPositions picks: the lower-cased form on the lower-cased sentence where both exist.
    const [re, subject] = mask.lower && lower !== undefined ? [mask.lower, lower] : [mask.all, text];
    re.lastIndex = 0;
    let out = "";
    let from = 0;
    for (let m = re.exec(subject); m !== null; m = re.exec(subject)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      out += text.slice(from, m.index) + blank(m[0]);
      from = m.index + m[0].length;
    }
    if (from === 0) continue;
    text = out + text.slice(from);
    lower = sameLengthLower(text);
  }
  return { text, lower };
}

/** `text` lower-cased, when that keeps its length (so offsets match); else undefined. */
function sameLengthLower(text: string): string | undefined {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : undefined;
}

interface SentenceScore {
  readonly sentence: Sentence;
  readonly score: number;
  readonly rules: readonly string[];
}

/** Scores one sentence for one topic: 1 - prod(1 - weight) over the rules that fire in it. */
export function scoreSentence(topic: CompiledTopic, sentence: string): { score: number; rules: string[] } {
  const subject = maskedSentence(topic, sentence);
  const { text } = subject;
  // 0 = not tested yet, 1 = absent, 2 = present.
  const seen = new Uint8Array(topic.groups.length);
  const has: GroupTest = (g) => {
    let v = seen[g.index] as number;
    if (v === 0) {
      const found =
        g.lower && subject.lower !== undefined
          ? groupOccurs(g.lower, subject.lower)
          : groupOccurs(g.all, text);
      v = found ? 2 : 1;
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
    if (ruleMatches(rule, subject, has, wordStarts)) {
      miss *= 1 - rule.weight;
      rules.push(rule.id);
    }
  }
  return { score: 1 - miss, rules };
}

/** How many times a global regex matches in `text`, counting up to `cap`. */
function occurrences(re: RegExp, text: string, cap: number): number {
  let n = 0;
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && n < cap; m = re.exec(text)) {
    n++;
    if (m[0].length === 0) re.lastIndex++;
  }
  re.lastIndex = 0;
  return n;
}

/**
 * The fired sentences that stand once the document vetoes are applied (see definition.ts): all of them, none
 * (a veto of the whole topic), or those that do not themselves match a sentence-scoped veto's group. A veto
 * applies when its group matches enough different words in the whole text, none of its `exceptRules` fired
 * and none of its `exceptGroups` occurs often enough.
 */
function keptByContext(topic: CompiledTopic, text: string, fired: SentenceScore[]): SentenceScore[] {
  let kept = fired;
  for (const {
    group,
    minDistinct,
    exceptRules,
    exceptGroups,
    exceptMinCount,
    scope,
  } of topic.documentVetoes) {
    if (kept.some((s) => s.rules.some((r) => exceptRules.has(r)))) continue;
    if (exceptGroups.some((g) => occurrences(g.all, text, exceptMinCount) >= exceptMinCount)) continue;
    if (!matchesDistinct(group.all, text, minDistinct)) continue;
    if (scope === "document") return [];
    kept = kept.filter((s) => occurrences(group.all, s.sentence.text, 1) === 0);
    if (kept.length === 0) return kept;
  }
  return kept;
}

/** True when `re` (global) matches at least `min` different words (case and spacing aside) in `text`. */
function matchesDistinct(re: RegExp, text: string, min: number): boolean {
  const seen = new Set<string>();
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    seen.add(m[0].toLowerCase().replace(/\s+/g, " "));
    if (seen.size >= min) {
      re.lastIndex = 0;
      return true;
    }
    if (m[0].length === 0) re.lastIndex++;
  }
  return false;
}

function tagWith(
  topics: readonly CompiledTopic[],
  anyTrigger: readonly CaseInsensitiveTest[] | undefined,
  text: string,
  options: TagOptions | undefined,
): TopicTag[] {
  // Most news items mention no topic at all: once built (createTagger), one scan with the union of every trigger
  // (in two parts once it outgrows V8's limit: prefilterOf) settles them. Triggers run on lower-cased text
  // without the `i` flag where they can (caseInsensitiveTest): several times faster.
  if (anyTrigger) {
    // Lower-cased only when a part runs on lower case (all do for the shipped topics), as with one union.
    const lower = anyTrigger.some((t) => t.lower) ? text.toLowerCase() : text;
    if (!anyTrigger.some((t) => t.re.test(t.lower ? lower : text))) return [];
  }
  // Each topic's trigger is then tested sentence by sentence only: a whole-text test first would scan every
  // candidate text twice for the topics it does mention.
  const sentences = splitSentences(text);
  // Each sentence lower-cased once, for every topic's trigger (toLowerCase may change a string's length, so the
  // sentence is lower-cased itself rather than sliced out of the lower-cased text).
  const lowered = new Map<Sentence, string>();
  const lowerOf = (sentence: Sentence): string => {
    let lower = lowered.get(sentence);
    if (lower === undefined) {
      lower = sentence.text.toLowerCase();
      lowered.set(sentence, lower);
    }
    return lower;
  };
  const tags: TopicTag[] = [];
  for (const topic of topics) {
    let scored: SentenceScore[] = [];
    for (const sentence of sentences) {
      if (!topic.scan.re.test(topic.scan.lower ? lowerOf(sentence) : sentence.text)) continue;
      const { score, rules } = scoreSentence(topic, sentence.text);
      if (score >= topic.threshold) scored.push({ sentence, score, rules });
    }
    if (scored.length === 0) continue;
    scored = keptByContext(topic, text, scored);
    if (scored.length === 0) continue;
    // Highest score first; the earlier sentence wins a tie (leads and headlines state the news).
    scored.sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
    const top = scored[0] as SentenceScore;
    let best = top;
    let deadline: DeadlineInfo | undefined;
    if (topic.extract === "deadline") {
      // Several sentences may state the limit ("...within a day. X rejects the ultimatum."): quote the one
      // with the most specific phrase that resolves to a date, else the most specific phrase at all, a stated
      // date before a span and both before a limit reported as passed (LocatedDeadline's `tier`).
      // Phrases are located by regex for every sentence, but resolved only until one gives a date.
      const resolve = resolverFor(options?.referenceDate);
      const located = scored
        .map((s) => ({ s, d: locateDeadline(s.sentence.text) }))
        .filter((f): f is { s: SentenceScore; d: LocatedDeadline } => f.d !== undefined)
        .sort((a, b) => a.d.tier - b.d.tier || a.d.rank - b.d.rank); // stable: higher score, then earlier sentence, first
      let chosen: { s: SentenceScore; phrase: string; date: string | null } | undefined;
      for (const f of located) {
        const date = resolve(f.d);
        if (date !== null) {
          chosen = { s: f.s, phrase: f.d.phrase, date };
          break;
        }
        chosen ??= { s: f.s, phrase: f.d.phrase, date: null };
      }
      if (chosen) {
        best = chosen.s;
        deadline = { phrase: chosen.phrase, date: chosen.date };
      } else {
        // No recognisable phrase ("a time limit was set"): quote the trigger words themselves.
        deadline = { phrase: topic.trigger.exec(best.sentence.text)?.[0] ?? best.sentence.text, date: null };
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

const hasReference = (ref: string | Date | undefined): boolean =>
  ref instanceof Date
    ? !Number.isNaN(ref.getTime())
    : typeof ref === "string" && !Number.isNaN(new Date(ref.slice(0, 10)).getTime());

/**
 * How a located phrase becomes a date. With a reference date, relative phrases count from it. Without one
 * (the labelling guidelines' rule), only a phrase that fixes the day by itself resolves: it is resolved against
 * two reference days years apart and kept only when both agree ("by January 10, 2026" does; "within 48 hours",
 * "by Sunday" or "by May 5" do not).
 */
function resolverFor(ref: string | Date | undefined): (d: LocatedDeadline) => string | null {
  if (hasReference(ref)) {
    const day = toReferenceDay(ref);
    return (d) => d.resolve(day);
  }
  const early = toReferenceDay("2003-02-11");
  const late = toReferenceDay("2031-09-23");
  return (d) => {
    const a = d.resolve(early);
    return a !== null && a === d.resolve(late) ? a : null;
  };
}

/** How many texts a tagger tags before it builds the all-topics prefilter (see createTagger). */
export const PREFILTER_AFTER = 50;

/** Builds a tagger from validated definitions; topics are reported in definition order. */
export function createTagger(definitions: readonly MatchingDefinition[]): Tagger {
  const names = new Set<string>();
  for (const d of definitions) {
    if (names.has(d.name)) throw new Error(`duplicate topic "${d.name}"`);
    names.add(d.name);
  }
  const compiled = definitions.map(compileTopic);
  // The all-topics prefilter pays off over many texts, but building and compiling it costs as much as tagging
  // dozens of texts without it (a 19 KB pattern): a one-line `wirewatch tag` or a cold Lambda's first articles go
  // straight to the topics' own triggers, which decide the same (the prefilter only passes a superset).
  let tagged = 0;
  let anyTrigger: CaseInsensitiveTest[] | undefined;
  return {
    topics: Object.freeze(compiled.map((t) => t.name)),
    tag: (text, options) => {
      if (anyTrigger === undefined && ++tagged > PREFILTER_AFTER)
        anyTrigger = prefilterOf(compiled).map(caseInsensitiveTest);
      return tagWith(compiled, anyTrigger, text, options);
    },
  };
}

/** One regex matching wherever any topic's scan matches (a superset of the triggers): the first, and for most texts only, scan. */
export function unionOf(topics: readonly CompiledTopic[]): RegExp {
  return triggerRegExp(topics.flatMap((t) => t.scanPatterns));
}

/**
 * V8 stops optimising a regular expression whose source is 20 KB or longer (kRegExpTooLargeToOptimize), and the
 * union then scans several times slower; each part of the prefilter stays under this many characters.
 */
export const PREFILTER_PART_LIMIT = 20 * 1024;

/**
 * The all-topics prefilter: the union, or, once that reaches PREFILTER_PART_LIMIT, the unions of the anchors'
 * first and second halves by length (anchor-budget.test.ts holds each under the limit). A text passes when
 * either part matches. Measured on the Reuters corpus, two parts scan in 134 ms where one union under the limit
 * takes 104 ms, and one over it about five times as long.
 */
export function prefilterOf(topics: readonly CompiledTopic[]): RegExp[] {
  const anchors = topics.flatMap((t) => t.scanPatterns);
  const union = triggerRegExp(anchors);
  if (union.source.length < PREFILTER_PART_LIMIT) return [union];
  let cut = 0;
  for (let rest = anchors.join("").length / 2; rest >= 0 && cut < anchors.length - 1; cut++)
    rest -= (anchors[cut] as string).length;
  return [triggerRegExp(anchors.slice(0, cut)), triggerRegExp(anchors.slice(cut))];
}
