/**
 * Sentence splitting for news text: one-line summaries, headlines and long multi-paragraph articles.
 * Returns offsets into the original text so evidence can be quoted verbatim.
 */

export interface Sentence {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Words that end with a period without ending a sentence (compared lower-case, without the period). */
const ABBREVIATIONS = new Set([
  "mr",
  "mrs",
  "ms",
  "dr",
  "prof",
  "st",
  "sr",
  "jr",
  "gen",
  "lt",
  "col",
  "maj",
  "capt",
  "cpt",
  "sgt",
  "adm",
  "cmdr",
  "sen",
  "rep",
  "gov",
  "pres",
  "rev",
  "hon",
  "amb",
  "no",
  "nos",
  "vs",
  "etc",
  "inc",
  "ltd",
  "corp",
  "co",
  "dept",
  "est",
  "approx",
  "fig",
  "jan",
  "feb",
  "mar",
  "apr",
  "jun",
  "jul",
  "aug",
  "sep",
  "sept",
  "oct",
  "nov",
  "dec",
  "mon",
  "tue",
  "tues",
  "wed",
  "thu",
  "thur",
  "thurs",
  "fri",
  "sat",
  "sun",
  "a.m",
  "p.m",
  "e.g",
  "i.e",
  "u.s",
  "u.k",
  "u.n",
  "e.u",
  "d.c",
]);

// A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
const BOUNDARY = /[.!?]+["'”’)\]]*(?=\s)|\n\s*\n|\n/g;

// Per-character tests with an ASCII fast path: the splitter looks at the characters around every period of
// every candidate text, and a Unicode regex per character was a tenth of the tagger's time on long wire copy.
const isSpace = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  return c > 127 && /\s/.test(text[i] as string);
};
const isLetterOrDot = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  if (c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  return c > 127 && /[\p{L}.]/u.test(text[i] as string);
};

function isAbbreviationBefore(text: string, dot: number): boolean {
  // The token that ends at the period (letters and inner periods: "U.S", "Jan", "a.m").
  let i = dot - 1;
  while (i >= 0 && isLetterOrDot(text, i)) i--;
  const token = text.slice(i + 1, dot).toLowerCase();
  if (token.length === 0) return false;
  if (ABBREVIATIONS.has(token)) return true;
  // A single letter ("John F. Kennedy") or dotted initials ("U.S", "J.R.R").
  return /^\p{L}$/u.test(token) || /^(?:\p{L}\.)+\p{L}$/u.test(token);
}

function startsSentence(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && isSpace(text, i)) i++;
  if (i >= text.length) return true;
  // Lower-case continuation ("approx. five") is not a new sentence; quotes, digits and capitals may be.
  const c = text.charCodeAt(i);
  if (c < 128) return !(c >= 97 && c <= 122);
  return !/\p{Ll}/u.test(text[i] as string);
}

/**
 * Splits text into sentences. Line breaks always end a sentence (headlines, paragraphs); a period ends one
 * unless it follows a known abbreviation or an initial and the next word is not clearly a new sentence.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text, s)) s++;
    while (e > s && isSpace(text, e - 1)) e--;
    if (e > s) out.push({ start: s, end: e, text: text.slice(s, e) });
  };
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(text); m !== null; m = BOUNDARY.exec(text)) {
    const token = m[0];
    const end = m.index + token.length;
    if (token.includes("\n")) {
      push(m.index);
      start = end;
      continue;
    }
    if (!startsSentence(text, end)) continue;
    if (token[0] === "." && token.length === 1 && isAbbreviationBefore(text, m.index)) {
      // "U.S. President" keeps going; "in the U.S. The next day" is ambiguous and is kept together too,
      // which only makes the evidence a little longer.
      continue;
    }
    push(end);
    start = end;
  }
  push(text.length);
  return out;
}
