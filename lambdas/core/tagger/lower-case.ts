/** Case-insensitive patterns rewritten for lower-cased text (V8 compiles and runs them without `i` faster). */
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

// Printable ASCII other than `\`, `[`, `]` and `(` (escapes, classes and named groups are parsed below).
const PLAIN_ASCII = /[\x20-\x27\x29-\x5a\x5e-\x7e]+/y;

// A character class, to its first unescaped `]`.
const CLASS = /\[(?:\\[\s\S]|[^\]\\])*\]/y;
const classCache = new Map<string, string | null>();
// Above 0 while a class is translated on its own (so it is not looked up in the cache again).
let depth = 0;

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
    if (!inClass && source[i] === "[" && depth === 0) {
      // A whole class, translated once per distinct class: every group repeats the same word-character classes.
      CLASS.lastIndex = i;
      const cls = CLASS.exec(source)?.[0];
      if (cls !== undefined) {
        let lowered = classCache.get(cls);
        if (lowered === undefined) {
          depth++;
          lowered = lowerCasedPattern(cls) ?? null;
          depth--;
          classCache.set(cls, lowered);
        }
        if (lowered === null) return undefined;
        out += lowered;
        i += cls.length - 1;
        continue;
      }
    }
    if (!inClass) {
      // A run of ASCII outside a class with nothing to parse in it: lower-cased whole (the loop below would give
      // the same, a character at a time, and takes tens of milliseconds on a cold start for the shipped topics).
      PLAIN_ASCII.lastIndex = i;
      const run = PLAIN_ASCII.exec(source);
      if (run !== null) {
        out += run[0].toLowerCase();
        i += run[0].length - 1;
        continue;
      }
    }
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
