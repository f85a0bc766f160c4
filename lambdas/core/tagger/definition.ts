/**
 * Topic definitions: the data a topic is made of (see docs/topics.md) and the compiled form the engine runs
 * (the schema that validates a file is in definition-schema.ts, which Lambda bundles leave out). Every regular expression is compiled once here, so tagging never builds a RegExp.
 */
import type { TopicDefinition } from "./definition-schema.ts";
import { factorAlternatives } from "./prefilter.ts";

/** The built-in extractors a definition may name in `extract`. */
export const EXTRACTORS = ["deadline"] as const;
export type ExtractorName = (typeof EXTRACTORS)[number];

/** A validated topic definition file (its schema: definition-schema.ts). */
export type { TopicDefinition, TopicRule } from "./definition-schema.ts";

export class TopicDefinitionError extends Error {
  override name = "TopicDefinitionError";
}

// Letters and digits for whole-word matching. Unicode property classes make V8 compile case-insensitive
// regexes far more slowly, so they are used only for groups that need the `u` flag anyway.
const WORD_CHAR_UNICODE = "[\\p{L}\\p{N}_]";
const WORD_CHAR_PLAIN = "[A-Za-z0-9_\\u00C0-\\u024F\\u0370-\\u03FF\\u0400-\\u04FF]";
export const needsUnicode = (patterns: readonly string[]) => patterns.some((p) => /\\[pP]\{|\\u\{/.test(p));

/**
 * Pattern conveniences, applied outside character classes: a literal space matches any run of whitespace,
 * and a straight apostrophe also matches the typographic one (news text uses both: "Moody's", "Moody’s").
 */
export function normalisePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
      out += c;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else if (c === " ") {
      out += "\\s+";
    } else if (c === "'") {
      out += "['’]";
    } else {
      out += c;
    }
  }
  return out;
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
 * The same pattern for lower-cased text: literal letters lower-cased (inside classes too, so `A-Z` becomes
 * `a-z`), escapes, group names and back-references kept, `\p{Lu}`-style cased-letter properties widened to
 * `\p{L}`. Tested on `text.toLowerCase()` without the `i` flag, it matches wherever the case-insensitive pattern
 * matches the text (a superset, which is all a prefilter needs). V8 compiles and runs a large pattern without `i`
 * several times faster: the shipped all-topics prefilter took about 140 instead of 310 ms to compile and scanned
 * about ten times faster (scripts/perf, issue 9). Undefined where a superset is not certain: a negated cased
 * property (`\P{Lu}`), a letter written as a code escape (`\u0041`, `\x41`, `\cA`), or a character whose
 * lower case is longer than itself.
 */
/** A UTF-16 code unit as a pattern escape. */
const esc = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;

const outsideCache = new Map<number, string>();

/**
 * The lower case of each character of lo..hi that falls outside lo..hi, as class members (runs compressed).
 * Every group repeats the same word-character ranges, so each range is worked out once.
 */
function lowerCaseOutside(lo: number, hi: number): string {
  const key = lo * 0x10000 + hi;
  const cached = outsideCache.get(key);
  if (cached !== undefined) return cached;
  const added: number[] = [];
  for (let code = lo; code <= hi; code++) {
    // A character whose lower case is longer (İ) never meets this pattern: a text holding it lower-cases to
    // another length, and such a text is matched with the case-insensitive pattern (or is only prefiltered).
    const lower = String.fromCharCode(code).toLowerCase();
    if (lower.length !== 1) continue;
    const l = lower.charCodeAt(0);
    if (l < lo || l > hi) added.push(l);
  }
  added.sort((a, b) => a - b);
  let out = "";
  for (let k = 0; k < added.length; ) {
    let j = k;
    while (j + 1 < added.length && (added[j + 1] as number) <= (added[j] as number) + 1) j++;
    out +=
      added[k] === added[j]
        ? esc(added[k] as number)
        : `${esc(added[k] as number)}-${esc(added[j] as number)}`;
    k = j + 1;
  }
  outsideCache.set(key, out);
  return out;
}

export function lowerCasedPattern(source: string): string | undefined {
  let out = "";
  let inClass = false;
  // One character of the pattern at `i` (a literal or a \u, \x escape) as a code unit, or undefined.
  const charAt = (i: number): { code: number; end: number } | undefined => {
    const c = source[i];
    if (c === undefined) return undefined;
    if (c !== "\\") return { code: c.charCodeAt(0), end: i + 1 };
    const next = source[i + 1];
    const hex = next === "u" ? source.slice(i + 2, i + 6) : next === "x" ? source.slice(i + 2, i + 4) : "";
    if (hex && /^[0-9a-fA-F]+$/.test(hex) && hex.length === (next === "u" ? 4 : 2))
      return { code: Number.parseInt(hex, 16), end: i + 2 + hex.length };
    return undefined;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const classMember = inClass && (c === "\\" ? source[i + 1] === "u" || source[i + 1] === "x" : c !== "]");
    if (classMember) {
      // A class member: a range lo-hi keeps its span and adds the lower case of each character outside it.
      const lo = charAt(i);
      if (lo && source[lo.end] === "-" && source[lo.end + 1] !== "]") {
        const hi = charAt(lo.end + 1);
        if (!hi || hi.code < lo.code || hi.code - lo.code > 0x3000) return undefined;
        out += source.slice(i, hi.end) + lowerCaseOutside(lo.code, hi.code);
        i = hi.end - 1;
        continue;
      }
      if (lo) {
        const lower = String.fromCharCode(lo.code).toLowerCase();
        if (lower.length !== 1) return undefined;
        if (lower === String.fromCharCode(lo.code)) out += source.slice(i, lo.end);
        else out += c === "\\" ? esc(lower.charCodeAt(0)) : lower;
        i = lo.end - 1;
        continue;
      }
    }
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if ((next === "p" || next === "P") && source[i + 2] === "{") {
        const end = source.indexOf("}", i + 3);
        if (end < 0) return undefined;
        const name = source.slice(i + 3, end);
        const cased =
          /^(?:Lu|Ll|Lt|LC|Uppercase_Letter|Lowercase_Letter|Titlecase_Letter|Cased_Letter)$/.test(name);
        if (cased && next === "P") return undefined;
        out += `\\${next}{${cased ? "L" : name}}`;
        i = end;
        continue;
      }
      if (next === "u" || next === "x") {
        const ch = charAt(i);
        if (!ch) return undefined;
        const lower = String.fromCharCode(ch.code).toLowerCase();
        if (lower.length !== 1) return undefined;
        out += lower === String.fromCharCode(ch.code) ? source.slice(i, ch.end) : esc(lower.charCodeAt(0));
        i = ch.end - 1;
        continue;
      }
      if (next === "c") return undefined;
      if (next === "k" && source[i + 2] === "<") {
        const end = source.indexOf(">", i + 3);
        if (end < 0) return undefined;
        out += source.slice(i, end + 1);
        i = end;
        continue;
      }
      out += c + next;
      i++;
      continue;
    }
    if (c === "[" && !inClass) {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") {
        out += "^";
        i++;
      }
      continue;
    }
    if (c === "]" && inClass) {
      inClass = false;
      out += c;
      continue;
    }
    if (c === "(" && source.startsWith("?<", i + 1) && source[i + 3] !== "=" && source[i + 3] !== "!") {
      const end = source.indexOf(">", i + 3);
      if (end < 0) return undefined;
      out += source.slice(i, end + 1);
      i = end;
      continue;
    }
    const lower = c.toLowerCase();
    if (lower.length !== c.length) return undefined;
    out += lower;
  }
  return out;
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

// `{NAME}`, but not the `\p{L}` of a Unicode property escape.
const MACRO_REF = /(?<!\\[pP])\{([A-Z][A-Z0-9_]*)\}/g;

/** Replaces `{NAME}` by `(?:macro)`, recursively; throws on an unknown or self-referencing macro. */
export function expandMacros(pattern: string, macros: Readonly<Record<string, string>>, depth = 0): string {
  if (depth > 10) throw new Error("macros nest too deeply (a macro refers to itself?)");
  return pattern.replace(MACRO_REF, (_, name: string) => {
    const body = macros[name];
    if (body === undefined) throw new Error(`unknown macro {${name}}`);
    return `(?:${expandMacros(body, macros, depth + 1)})`;
  });
}

/** A term group compiled twice: a global regex (to enumerate matches) and a sticky-free test regex. */
export interface CompiledGroup {
  readonly name: string;
  /** Position in the topic's `groups`, for per-sentence memoisation of test results. */
  readonly index: number;
  readonly all: RegExp;
  readonly test: RegExp;
  /**
   * `all` and `test` for lower-cased text without the `i` flag, when the group is case-insensitive and its
   * patterns allow it (lowerCasedPattern). Run only on a sentence whose lower case has its length, so match
   * positions are the same.
   */
  readonly lower?: { readonly all: RegExp; readonly test: RegExp };
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
  /** The trigger as run: on the sentence lower-cased, without the `i` flag, when the patterns allow it. */
  readonly scan: CaseInsensitiveTest;
  /** The macro-expanded anchor patterns the trigger is built from (for the all-topics prefilter). */
  readonly anchorPatterns: readonly string[];
  /** Applied in order; each match is blanked (same length) so offsets still point into the original. */
  readonly mask: readonly RegExp[];
  readonly vetoes: readonly CompiledGroup[];
  /** Whole-text vetoes: the topic is dropped when `group` matches `minDistinct` different words. */
  readonly documentVetoes: readonly {
    readonly group: CompiledGroup;
    readonly minDistinct: number;
    readonly exceptRules: ReadonlySet<string>;
  }[];
  /** Every distinct group the rules and vetoes use (`group.index` points here). */
  readonly groups: readonly CompiledGroup[];
  readonly rules: readonly CompiledRule[];
  readonly extract: ExtractorName | undefined;
  readonly definition: TopicDefinition;
}

function groupPatterns(def: TopicDefinition, name: string): { patterns: string[]; caseSensitive: boolean } {
  const group = def.terms[name];
  if (!group) throw new TopicDefinitionError(`topic "${def.name}": unknown term group "${name}"`);
  const { patterns, caseSensitive } = Array.isArray(group)
    ? { patterns: group, caseSensitive: false }
    : { patterns: group.patterns, caseSensitive: group.caseSensitive ?? false };
  return { patterns: patterns.map((p) => expandMacros(p, def.macros)), caseSensitive };
}

/** Compiles a validated definition. */
export function compileTopic(def: TopicDefinition): CompiledTopic {
  const cache = new Map<string, CompiledGroup>();
  const compiled = (name: string): CompiledGroup => {
    let group = cache.get(name);
    if (!group) {
      const { patterns, caseSensitive } = groupPatterns(def, name);
      const all = groupRegExp(patterns, caseSensitive, true);
      const test = groupRegExp(patterns, caseSensitive, false);
      const lowerSource = caseSensitive ? undefined : lowerCasedPattern(test.source);
      group = {
        name,
        index: cache.size,
        all,
        test,
        ...(lowerSource === undefined
          ? {}
          : {
              lower: {
                all: new RegExp(lowerSource, all.flags.replace("i", "")),
                test: new RegExp(lowerSource, test.flags.replace("i", "")),
              },
            }),
      };
      cache.set(name, group);
    }
    return group;
  };
  const anchors = [...new Set(def.rules.map((r) => r.all[0] as string))];
  // The trigger is a prefilter, so a superset is fine: all anchors, case-insensitive, in one regex.
  const anchorPatterns = anchors.flatMap((n) => groupPatterns(def, n).patterns);
  const trigger = triggerRegExp(anchorPatterns);
  const scan = caseInsensitiveTest(trigger);
  const mask = def.mask.map((n) => compiled(n).all);
  const vetoes = def.vetoes.map(compiled);
  const documentVetoes = def.documentVetoes.map((v) => ({
    group: compiled(v.group),
    minDistinct: v.minDistinct,
    exceptRules: new Set(v.exceptRules ?? []),
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
    trigger,
    scan,
    anchorPatterns,
    mask,
    vetoes,
    documentVetoes,
    groups: [...cache.values()],
    rules,
    extract: def.extract,
    definition: def,
  };
}
