/**
 * Literal buckets: a term group's alternatives split by the three letters every match of them starts with, so
 * that testing a group on a sentence compiles and runs only the alternatives the sentence's words can start.
 *
 * Why: V8 compiles a regex on its first use at about half a millisecond per kilobyte of source, and a cold Lambda
 * or a one-line `wirewatch tag` pays it for every group its first text reaches (the shipped groups are up to
 * 8 KB each). A sentence names a few of a group's words at most: with buckets, "Czechia caps the number of
 * Russian diplomats" compiles the `dip` and `rus` alternatives of a group, not all hundred. The idea is the
 * literal prefilter of regex engines such as Hyperscan's or ripgrep's, keyed here by word starts because every
 * group is wrapped in word boundaries (definition.ts).
 *
 * Exact: an alternative whose first three characters are plain ASCII letters or digits can only match at a word
 * start that begins with those three (lower-cased; case-insensitive matching folds no other character to ASCII
 * without the `u` flag, and `u` groups are not bucketed). Every other alternative goes into the bucket that is
 * always tested. So a group occurs in a sentence exactly when one of its buckets whose key the sentence has, or
 * the always-tested one, occurs: a boolean test only. Match positions (near windows), masks and document vetoes
 * still run the whole group, whose matches a union of buckets would not reproduce.
 */
import { splitAlternatives } from "./prefilter.ts";
import { STRUCTURE } from "./regex-source.ts";

/** The alternatives of a group, by the key their matches start with, and those without a key. */
export interface Buckets {
  readonly byKey: ReadonlyMap<string, readonly string[]>;
  readonly rest: readonly string[];
}

export const KEY_LENGTH = 3;

/**
 * The end of the group that opens at `start` (the index of its `)`), or -1 when it is not closed. Escapes and
 * classes are skipped whole (STRUCTURE).
 */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  let inClass = false;
  STRUCTURE.lastIndex = start;
  for (let m = STRUCTURE.exec(source); m !== null; m = STRUCTURE.exec(source)) {
    const c = m[0];
    if (c.length === 2) continue;
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return m.index;
  }
  return -1;
}

// At most this many alternatives come out of expanding one (a group with many optional leading parts would
// otherwise multiply); past it the alternative is kept whole, in the always-tested bucket when it has no key.
const MAX_EXPANDED = 64;

/**
 * The same language as `alt`, as alternatives that start with a literal where the pattern allows it: a leading
 * non-capturing group is distributed (`(?:a|b)c` -> `ac`, `bc`), an optional one also dropped
 * (`(?:deputy\s+)?head` -> `deputy\s+head`, `head`). Lazy `??` is the same language as `?`.
 */
export function expandLeading(alt: string, budget = MAX_EXPANDED): string[] {
  if (!alt.startsWith("(?:")) return [alt];
  const end = groupEnd(alt, 0);
  if (end < 0) return [alt];
  const inner = alt.slice(3, end);
  let rest = alt.slice(end + 1);
  let optional = false;
  if (rest.startsWith("?")) {
    optional = true;
    rest = rest.slice(rest.startsWith("??") ? 2 : 1);
  } else if (/^[*+{]/.test(rest)) return [alt];
  const parts = splitAlternatives(inner).map((p) => p + rest);
  if (optional) parts.push(rest);
  if (parts.length > budget) return [alt];
  const out: string[] = [];
  for (const p of parts) {
    const expanded = expandLeading(p, Math.max(1, Math.floor(budget / parts.length)));
    out.push(...expanded);
  }
  return out.length > budget ? [alt] : out;
}

const ALNUM = /[A-Za-z0-9]/;

/**
 * The first KEY_LENGTH characters every match of `alt` starts with, lower-cased, when they are plain ASCII
 * letters or digits of the pattern (not optional, not repeated before the key is complete); otherwise undefined.
 */
export function literalKey(alt: string): string | undefined {
  let key = "";
  for (let i = 0; key.length < KEY_LENGTH; i++) {
    const c = alt[i];
    if (c === undefined || !ALNUM.test(c)) return undefined;
    const next = alt[i + 1];
    // `s?`, `s*`, `s{0,2}`: the character may be absent. `s+` is there once, then the key ends at it.
    if (next === "?" || next === "*" || next === "{") return undefined;
    key += c.toLowerCase();
    if (next === "+" && key.length < KEY_LENGTH) return undefined;
  }
  return key;
}

/** Splits normalised, macro-expanded patterns into buckets (see the module comment). */
export function bucketAlternatives(patterns: readonly string[]): Buckets {
  const byKey = new Map<string, string[]>();
  const rest: string[] = [];
  for (const pattern of patterns)
    for (const top of splitAlternatives(pattern))
      for (const alt of expandLeading(top)) {
        const key = literalKey(alt);
        if (key === undefined) rest.push(alt);
        else {
          const list = byKey.get(key);
          if (list) list.push(alt);
          else byKey.set(key, [alt]);
        }
      }
  return { byKey, rest };
}

/**
 * The keys of a sentence: the first KEY_LENGTH characters, lower-cased, of every word start where they are plain
 * ASCII letters or digits. A word start is a position not preceded by a character of `wordClass` (the class the
 * groups' own look-behind uses), tested without `i`: a superset of the starts a case-insensitive look-behind
 * allows, since a class only grows under case folding.
 */
export function sentenceKeysWith(wordClass: string): (text: string) => Set<string> {
  const re = new RegExp(`(?<!${wordClass})[A-Za-z0-9]{${KEY_LENGTH}}`, "g");
  return (text) => {
    const keys = new Set<string>();
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) keys.add(m[0].toLowerCase());
    return keys;
  };
}
