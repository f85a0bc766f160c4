/**
 * The prefilter regex: one case-insensitive regex matching wherever any anchor pattern matches (a superset is
 * fine; the rules decide). V8 tries the alternatives of a regex one after another at every position, so a
 * plain `\b(?:a1|a2|...|a100)` costs about a hundred comparisons per character of news text. Here the
 * alternatives are grouped by their first character (`e(?:xpel|xpulsion)|d(?:eadline|iplomat)|...`) and those
 * that start with a group get a one-character look-ahead guard (`(?=[hg])(?:has|given)...`), so a position
 * that cannot start any anchor is rejected after a couple of dozen comparisons. Same language, fewer steps.
 */

/** Splits a regex source on `|` at nesting depth 0 (outside groups and character classes). */
export function splitAlternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let current = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      current += c + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  out.push(current);
  return out;
}

/** The body of a leading non-capturing group `(?:...)` when no quantifier follows it. */
function leadingGroup(alt: string): string | undefined {
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

/** Characters an alternative can start with (lower-case letters and digits), or undefined when unknown. */
function firstChars(alt: string, depth = 0): Set<string> | undefined {
  const c = alt[0];
  if (c !== undefined && /[A-Za-z0-9]/.test(c) && !QUANTIFIER.test(alt.slice(1)))
    return new Set([c.toLowerCase()]);
  if ((alt.startsWith("\\d") && !QUANTIFIER.test(alt.slice(2))) || alt.startsWith("\\d+")) {
    return new Set("0123456789");
  }
  const inner = depth < 4 ? leadingGroup(alt) : undefined;
  if (inner === undefined) return undefined;
  const all = new Set<string>();
  for (const a of splitAlternatives(inner)) {
    const s = firstChars(a, depth + 1);
    if (!s) return undefined;
    for (const x of s) all.add(x);
  }
  return all;
}

/**
 * A regex source equivalent to `(?:p1|p2|...)` (case-insensitively), factored by first character.
 * Patterns must already be normalised (see normalisePattern) and macro-expanded.
 */
export function factorAlternatives(patterns: readonly string[]): string {
  const byChar = new Map<string, string[]>();
  const guarded: string[] = [];
  for (const alt of patterns.flatMap(splitAlternatives)) {
    const chars = firstChars(alt);
    if (chars?.size === 1 && /^[A-Za-z0-9]/.test(alt) && !QUANTIFIER.test(alt.slice(1))) {
      const key = alt[0]?.toLowerCase() as string;
      const rests = byChar.get(key) ?? [];
      rests.push(alt.slice(1));
      byChar.set(key, rests);
    } else if (chars) {
      guarded.push(`(?=[${[...chars].sort().join("")}])${alt}`);
    } else {
      guarded.push(alt);
    }
  }
  const buckets = [...byChar].map(([c, rests]) => `${c}(?:${[...new Set(rests)].join("|")})`);
  return `(?:${[...buckets, ...guarded].join("|")})`;
}
