/**
 * The prefilter regex: one case-insensitive regex matching wherever any anchor pattern matches (a superset is
 * fine; the rules decide). V8 tries the alternatives of a regex one after another at every position, so a
 * plain `\b(?:a1|a2|...|a100)` costs about a hundred comparisons per character of news text. Here the
 * alternatives are grouped by their first character (`e(?:xpel|xpulsion)|d(?:eadline|iplomat)|...`) and those
 * that start with a small group are expanded first (`(?:has|had) until` -> `has until|had until`), so a
 * position that cannot start any anchor is rejected after a couple of dozen comparisons. Same language,
 * fewer steps (about a quarter less time on the corpus than the plain alternation).
 */
import { STRUCTURE } from "./regex-source.ts";

/** Splits a regex source on `|` at nesting depth 0 (outside groups and character classes). */
export function splitAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  STRUCTURE.lastIndex = 0;
  for (let m = STRUCTURE.exec(source); m !== null; m = STRUCTURE.exec(source)) {
    const c = m[0];
    if (c.length === 2) continue; // an escape
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(source.slice(from, m.index));
      from = m.index + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** The body of a leading non-capturing group `(?:...)` when no quantifier follows it. */
export function leadingGroup(alt: string): string | undefined {
  if (!alt.startsWith("(?:")) return undefined;
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < alt.length; i++) {
    const c = alt[i] as string;
    if (c === "\\") {
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) {
        if (/^[?*+{]/.test(alt.slice(i + 1))) return undefined;
        return alt.slice(3, i);
      }
    }
  }
  return undefined;
}

const QUANTIFIER = /^[?*+{]/;
const LITERAL_START = /^[A-Za-z0-9]/;

/**
 * The most characters the copies of one leading group may take (`rest.length` times the alternatives). Copies
 * let the scan file each alternative under its first letter, but they fill the union, which must stay under V8's
 * limit (anchor-budget.test.ts). At 2,000, three verb and nationality lists took 2.3 KB of the union. Left as
 * groups, they cost the Reuters scan 2% (1.30 -> 1.33 s, five interleaved runs).
 */
export const COPY_LIMIT = 800;

/** `(?:a|b)rest` -> [`arest`, `brest`] while the copies stay within COPY_LIMIT; other alternatives as they are. */
function expandLeadingGroup(alt: string, depth = 0): string[] {
  const inner = depth < 3 ? leadingGroup(alt) : undefined;
  if (inner === undefined) return [alt];
  const rest = alt.slice(inner.length + 4);
  const parts = splitAlternatives(inner);
  if (rest.length * parts.length > COPY_LIMIT) return [alt];
  return parts.flatMap((p) => expandLeadingGroup(p + rest, depth + 1));
}

const PLAIN_WORD = /^[A-Za-z0-9]*$/;

/**
 * The alternatives less those a plain one already covers: the prefilter has no trailing boundary, so wherever
 * `iplomat(?:ic|s)? staff` matches, `iplomat` does too (unless a quantifier follows the shared letters,
 * `iplomat?` reads differently). The same language in fewer bytes, which keeps the union under V8's limit.
 */
function withoutSubsumed(rests: readonly string[]): string[] {
  const plain = rests.filter((r) => PLAIN_WORD.test(r));
  return rests.filter(
    (r) => !plain.some((q) => q !== r && r.startsWith(q) && !QUANTIFIER.test(r.slice(q.length))),
  );
}

/**
 * A regex source equivalent to `(?:p1|p2|...)` (case-insensitively), factored by first character.
 * Patterns must already be normalised (see normalisePattern) and macro-expanded.
 */
export function factorAlternatives(patterns: readonly string[]): string {
  const byChar = new Map<string, string[]>();
  const others: string[] = [];
  for (const alt of patterns.flatMap(splitAlternatives).flatMap((a) => expandLeadingGroup(a))) {
    if (LITERAL_START.test(alt) && !QUANTIFIER.test(alt.slice(1))) {
      const key = (alt[0] as string).toLowerCase();
      const rests = byChar.get(key) ?? [];
      rests.push(alt.slice(1));
      byChar.set(key, rests);
    } else {
      others.push(alt);
    }
  }
  const buckets = [...byChar].map(
    ([c, rests]) => `${c}(?:${withoutSubsumed([...new Set(rests)]).join("|")})`,
  );
  return `(?:${[...buckets, ...others].join("|")})`;
}
