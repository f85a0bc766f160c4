/**
 * Imported first by the functions that tag articles (and set the same way by the CLI, cli/bin.mjs): V8 compiles
 * every regular expression straight to native code instead of to bytecode first.
 *
 * By default V8 compiles a regex to bytecode, interprets it once, and compiles it again to native code on its
 * second use ("tier-up"): cheap for the many regexes a program runs once. The tagger's topic patterns are few,
 * large and run on every sentence, so each is compiled twice, and its first run is interpreted. Compiling them
 * once, natively, halved the tagger's first call in a fresh process (about 200 to 95 ms, median of six
 * interleaved runs) and cut `wirewatch tag` over the Reuters corpus by about 30% of CPU time, with identical
 * output (`npm run bench`, docs/performance.md).
 *
 * NODE_OPTIONS refuses V8 flags other than a short allow-list, so the flag is set from code; it applies to the
 * regexes compiled after this line, hence the import order. An unknown flag (a future V8 without tiering) is
 * reported on stderr by V8 and otherwise ignored.
 */
import { setFlagsFromString } from "node:v8";

export const REGEXP_TIERING_FLAG = "--no-regexp-tier-up";

setFlagsFromString(REGEXP_TIERING_FLAG);
