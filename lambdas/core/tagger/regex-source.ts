/**
 * Scanning regular-expression sources (the tagger rewrites and splits its patterns before compiling them).
 * Patterns are tens of kilobytes, and they are scanned on a cold start, when the scanning code still runs in
 * V8's interpreter: a loop over every character took tens of milliseconds of the first tag() call. These
 * helpers let the regex engine skip the runs of ordinary characters and visit only what shapes the pattern.
 */

/**
 * The characters that give a pattern its structure: an escape (two characters, so an escaped bracket or bar
 * is skipped whole), class brackets, group parentheses and the alternation bar. Global: callers set
 * `lastIndex` before each scan, and no scan calls another.
 */
export const STRUCTURE = /\\[\s\S]|[[\]()|]/g;
