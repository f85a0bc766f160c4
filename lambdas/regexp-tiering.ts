/**
 * Imported first by the functions that tag articles (and set the same way by the CLI, cli/bin.mjs): V8 tiers every
 * regular expression up to native code after its first run (`--regexp-tier-up-ticks=0`) instead of its second.
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
 *
 * Why not `--no-regexp-tier-up`, which measured the same: set at run time, it crashes V8 (a segmentation fault,
 * Node 20) when a regex that ran exactly once before the flag runs again after it, and code that loads before a
 * handler (Lambda's runtime client, a test runner) runs regexes. Changing the tick count does not crash in that
 * case (test/unit/regexp-tiering.test.ts runs both in a child process). Measured against it on the same bundle
 * and corpus: ingest-api's first invocation 105 -> 112 ms of CPU (median of 9 interleaved), `wirewatch tag` on
 * Reuters the same (1.40 to 1.62 s of user CPU both).
 */
import { setFlagsFromString } from "node:v8";

export const REGEXP_TIERING_FLAG = "--regexp-tier-up-ticks=0";

setFlagsFromString(REGEXP_TIERING_FLAG);
