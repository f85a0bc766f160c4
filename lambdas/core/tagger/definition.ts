/**
 * Topic definitions: the data a topic is made of (see docs/topics.md) and the compiled form the engine runs
 * (the schema that validates a file is in definition-schema.ts, which Lambda bundles leave out). Every regular expression is compiled once here, so tagging never builds a RegExp.
 */
import type { MatchingDefinition } from "./definition-schema.ts";
import { lowerCasedPattern } from "./lower-case.ts";
import { factorAlternatives } from "./prefilter.ts";

/** The built-in extractors a definition may name in `extract`. */
export const EXTRACTORS = ["deadline"] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];

/** A validated topic definition file (its schema: definition-schema.ts). */
export type { MatchingDefinition, TopicDefinition, TopicRule } from "./definition-schema.ts";

export class TopicDefinitionError extends Error {
  override name = "TopicDefinitionError";
}

// Letters and digits for whole-word matching. Unicode property classes make V8 compile case-insensitive
// regexes far more slowly, so they are used only for groups that need the `u` flag anyway.
const WORD_CHAR_UNICODE = "[\\p{L}\\p{N}_]";
const WORD_CHAR_PLAIN = "[A-Za-z0-9_\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]";
export const needsUnicode = (patterns: readonly string[]) => patterns.some((p) => /\\[pP]\{|\\u\{/.test(p));

// What normalisePattern rewrites (a space with the quantifier after it, an apostrophe) and what it leaves whole: an escape, a character class
// (to its first unescaped `]`, or to the end when it is not closed). One replace, not a loop over every
// character: this runs on every pattern at a cold start, in V8's interpreter (see regex-source.ts).
const NORMALISED = /\\[\s\S]|\[(?:\\[\s\S]|[^\]\\])*(?:\]|$)| [?*+]?|'/g;

/**
 * Pattern conveniences, applied outside character classes: a literal space matches any run of whitespace, an
 * optional space (` ?`, or ` *`) an optional run ("6 ?pm" matches "6pm" and "6 pm"; it once became `\\s+?`,
 * a lazy run that still needed one space), and a straight apostrophe also matches the typographic one (news
 * text uses both: "Moody's", "Moody’s").
 */
export function normalisePattern(pattern: string): string {
  return pattern.replace(NORMALISED, (m) =>
    m === " " || m === " +" ? "\\s+" : m === " ?" || m === " *" ? "\\s*" : m === "'" ? "['’]" : m,
  );
}

/** Wraps alternatives so they match whole words only (see normalisePattern for spaces and apostrophes). */
function groupRegExp(patterns: readonly string[], caseSensitive: boolean, global: boolean): RegExp {
  const body = patterns.map(normalisePattern).join("|");
  const unicode = needsUnicode(patterns);
  const word = unicode ? WORD_CHAR_UNICODE : WORD_CHAR_PLAIN;
  const flags = `${unicode ? "u" : ""}${caseSensitive ? "" : "i"}${global ? "g" : ""}`;
  return new RegExp(`(?<!${word})(?:${body})(?!${word})`, flags);
}

/**
 * The prefilter: every anchor alternative, case-insensitive, after a word boundary. It only has to find a
 * superset of the texts the rules accept, so it skips the exact (and slower) Unicode word-boundary checks and
 * factors the alternatives by first character (prefilter.ts); the `u` flag is used only when a pattern needs
 * it (\\p{...}). Anchor patterns should start with a letter or digit.
 */
export function triggerRegExp(patterns: readonly string[]): RegExp {
  const normalised = patterns.map(normalisePattern);
  return new RegExp(`\\b${factorAlternatives(normalised)}`, needsUnicode(patterns) ? "iu" : "i");
}

/**
 * A case-insensitive test, run on lower-cased text when the pattern allows it (see lowerCasedPattern).
 * `lower` is the pattern for lower-cased text, when there is one.
 */
export interface CaseInsensitiveTest {
  readonly re: RegExp;
  readonly lower: boolean;
}

export function caseInsensitiveTest(re: RegExp): CaseInsensitiveTest {
  if (!re.flags.includes("i") || re.global || re.sticky) return { re, lower: false };
  const source = lowerCasedPattern(re.source);
  if (source === undefined) return { re, lower: false };
  return { re: new RegExp(source, re.flags.replace("i", "")), lower: true };
}

// `{NAME}`, but not the `\p{L}` of a Unicode property escape; or a word gap `{W0,3}`.
export const MACRO_REF = /(?<!\\[pP])\{(?:W(\d{1,2}),(\d{1,2})|([A-Z][A-Z0-9_]*))\}/g;

/**
 * `{SCAN_END}` in an anchor pattern marks where the prefilters may stop reading it: they scan for the words
 * before it, a superset, and the rule's group still matches the whole pattern (the marker itself matches
 * nothing). For anchors whose tail is a long date vocabulary behind a word gap ("extend(?:s|ed|ing)?{SCAN_END}
 * (?:\\S+ ){0,20}?(?:to|until) {DS}"), where the words before it are rare enough in news that the extra
 * sentences it lets through cost less than the bytes it saves (docs/topics.md: the anchor budget).
 */
export const SCAN_END = "{SCAN_END}";

/**
 * Replaces `{NAME}` by `(?:macro)`, recursively; throws on an unknown or self-referencing macro. A word gap
 * `{W0,3}` is `(?:\S+ ){0,3}?`: from none to three words, as few as will do (the commonest piece of the rules,
 * written 250 times, so the short form also keeps the topic data small).
 */
export function expandMacros(pattern: string, macros: Readonly<Record<string, string>>, depth = 0): string {
  if (depth > 10) throw new Error("macros nest too deeply (a macro refers to itself?)");
  return pattern.replace(MACRO_REF, (_, min: string | undefined, max: string, name: string) => {
    if (min !== undefined) return `(?:\\S+ ){${min},${max}}?`;
    if (name === "SCAN_END") return "";
    const body = macros[name];
    if (body === undefined) throw new Error(`unknown macro {${name}}`);
    return `(?:${expandMacros(body, macros, depth + 1)})`;
  });
}

/**
 * A term group as one global regex, used both to test a sentence and to enumerate its matches (reset
 * `lastIndex` first: groupOccurs). One compiled form, not a test form beside it: V8 compiles each regex object on
 * its first use, and for the shipped topics that first compile costs more than the tagging of a whole text.
 */
export interface CompiledGroup {
  readonly name: string;
  /** Position in the topic's `groups`, for per-sentence memoisation of test results. */
  readonly index: number;
  readonly all: RegExp;
  /**
   * `all` for lower-cased text without the `i` flag, when the group is case-insensitive and its patterns allow it
   * (lowerCasedPattern). Run only on a sentence whose lower case has its length, so match positions are the same.
   */
  readonly lower?: RegExp;
}

/**
 * Whether a global regex matches anywhere in `text`: from the start whatever an earlier use left, and leaving
 * `lastIndex` at 0 for the next user (`matchAll` starts where it finds it).
 */
export function groupOccurs(re: RegExp, text: string): boolean {
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

export interface CompiledRule {
  readonly id: string;
  readonly groups: readonly CompiledGroup[];
  readonly near: number | undefined;
  readonly ordered: boolean;
  readonly unless: readonly CompiledGroup[];
  readonly weight: number;
}

export interface CompiledTopic {
  readonly name: string;
  readonly threshold: number;
  /** One precompiled regex: the union of every rule's anchor group (case-insensitive). No hit, no topic. */
  readonly trigger: RegExp;
  /**
   * The sentence prefilter (scanPatterns, a superset of the trigger), as run: on the sentence lower-cased,
   * without the `i` flag, when the patterns allow it.
   */
  readonly scan: CaseInsensitiveTest;
  /** The macro-expanded anchor patterns the trigger is built from. */
  readonly anchorPatterns: readonly string[];
  /**
   * What the prefilters scan for: the anchor patterns, each cut at its `{SCAN_END}` marker if it has one (a
   * superset of the trigger's matches). `scan` and the all-topics prefilter are built from these.
   */
  readonly scanPatterns: readonly string[];
  /**
   * Applied in order; each match is blanked (same length) so offsets still point into the original. Run on the
   * lower-cased sentence (`lower`) when it keeps its length, like the other groups.
   */
  readonly mask: readonly CompiledGroup[];
  readonly vetoes: readonly CompiledGroup[];
  /** Whole-text vetoes: the topic is dropped when `group` matches `minDistinct` different words. */
  readonly documentVetoes: readonly {
    readonly group: CompiledGroup;
    readonly minDistinct: number;
    readonly exceptRules: ReadonlySet<string>;
    /** Groups that lift the veto when one matches `exceptMinCount` times in the text. */
    readonly exceptGroups: readonly CompiledGroup[];
    readonly exceptMinCount: number;
    /** "sentence": drop only the fired sentences that match `group`; "document": drop the topic. */
    readonly scope: "document" | "sentence";
  }[];
  /** Every distinct group the rules and vetoes use (`group.index` points here). */
  readonly groups: readonly CompiledGroup[];
  readonly rules: readonly CompiledRule[];
  readonly extract: ExtractorName | undefined;
  readonly definition: MatchingDefinition;
}

/** A term group's patterns as written (macros unexpanded). */
function rawGroup(
  def: MatchingDefinition,
  name: string,
): { patterns: readonly string[]; caseSensitive: boolean } {
  const group = def.terms[name];
  if (!group) throw new TopicDefinitionError(`topic "${def.name}": unknown term group "${name}"`);
  return Array.isArray(group)
    ? { patterns: group, caseSensitive: false }
    : { patterns: group.patterns, caseSensitive: group.caseSensitive ?? false };
}

function groupPatterns(
  def: MatchingDefinition,
  name: string,
): { patterns: string[]; caseSensitive: boolean } {
  const { patterns, caseSensitive } = rawGroup(def, name);
  return { patterns: patterns.map((p) => expandMacros(p, def.macros)), caseSensitive };
}

/**
 * A group whose regexes are built on first use. Most groups of a topic are never tested on a given text (a
 * rule's other groups are tried only after its anchor matched), and building one (macro expansion, the
 * lower-cased form, V8's parse) is most of a tagger's start: a one-line `wirewatch tag` or a cold Lambda builds
 * only the groups its text reaches. Definitions are validated (patterns included) before they get here.
 */
class LazyGroup implements CompiledGroup {
  #all: RegExp | undefined;
  #lower: RegExp | null | undefined;
  constructor(
    readonly name: string,
    readonly index: number,
    private readonly patterns: () => { patterns: string[]; caseSensitive: boolean },
  ) {}

  get all(): RegExp {
    if (this.#all === undefined) {
      const { patterns, caseSensitive } = this.patterns();
      this.#all = groupRegExp(patterns, caseSensitive, true);
    }
    return this.#all;
  }

  get lower(): RegExp | undefined {
    if (this.#lower === undefined) {
      const all = this.all;
      const source = all.flags.includes("i") ? lowerCasedPattern(all.source) : undefined;
      this.#lower = source === undefined ? null : new RegExp(source, all.flags.replace("i", ""));
    }
    return this.#lower ?? undefined;
  }
}

/** Each rule's anchor, its first group (what the prefilters scan for): each group once, in rule order. */
export const anchorGroups = (def: Pick<MatchingDefinition, "rules">): string[] => [
  ...new Set(def.rules.map((r) => r.all[0] as string)),
];

/** Compiles a validated definition. */
export function compileTopic(def: MatchingDefinition): CompiledTopic {
  const cache = new Map<string, CompiledGroup>();
  const compiled = (name: string): CompiledGroup => {
    let group = cache.get(name);
    if (!group) {
      if (!def.terms[name])
        throw new TopicDefinitionError(`topic "${def.name}": unknown term group "${name}"`);
      group = new LazyGroup(name, cache.size, () => groupPatterns(def, name));
      cache.set(name, group);
    }
    return group;
  };
  const anchors = anchorGroups(def);
  // The trigger is a prefilter, so a superset is fine: all anchors, case-insensitive, in one regex. The scan
  // reads each anchor up to its {SCAN_END} marker; a pattern without one is the anchor pattern itself.
  const rawAnchors = anchors.flatMap((n) => rawGroup(def, n).patterns);
  const anchorPatterns = rawAnchors.map((p) => expandMacros(p, def.macros));
  const scanPatterns = [
    ...new Set(
      rawAnchors.map((p, i) =>
        p.includes(SCAN_END)
          ? expandMacros(p.split(SCAN_END)[0] as string, def.macros)
          : (anchorPatterns[i] as string),
      ),
    ),
  ];
  // Built on first use: tagging scans with `scan`; the full trigger only quotes a deadline with no phrase.
  let trigger: RegExp | undefined;
  // Lower-cased on first use, like the groups: a 10 KB pattern takes a while to rewrite.
  let scan: CaseInsensitiveTest | undefined;
  const mask = def.mask.map(compiled);
  const vetoes = def.vetoes.map(compiled);
  const documentVetoes = def.documentVetoes.map((v) => ({
    group: compiled(v.group),
    minDistinct: v.minDistinct,
    exceptRules: new Set(
      (v.exceptRules ?? []).flatMap((id) => (id[0] === "@" ? (def.ruleSets?.[id.slice(1)] ?? []) : id)),
    ),
    exceptGroups: (v.exceptGroups ?? []).map(compiled),
    exceptMinCount: v.exceptMinCount ?? 1,
    scope: v.scope ?? "document",
  }));
  const rules = def.rules.map((r) => ({
    id: r.id,
    groups: r.all.map(compiled),
    near: r.near,
    ordered: r.ordered ?? false,
    unless: (r.unless ?? []).map(compiled),
    weight: r.weight,
  }));
  return {
    name: def.name,
    threshold: def.threshold,
    get trigger() {
      trigger ??= triggerRegExp(anchorPatterns);
      return trigger;
    },
    get scan() {
      scan ??= caseInsensitiveTest(triggerRegExp(scanPatterns));
      return scan;
    },
    anchorPatterns,
    scanPatterns,
    mask,
    vetoes,
    documentVetoes,
    groups: [...cache.values()],
    rules,
    extract: def.extract,
    definition: def,
  };
}
