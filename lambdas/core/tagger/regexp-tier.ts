/**
 * V8 runs a regular expression first in its bytecode interpreter and compiles it to machine code when it runs
 * again (regexp tier-up), so each of the tagger's large patterns is compiled twice; for the deadline phrase
 * patterns, whose counted repetitions ("(?:\S+\s+){0,14}?") V8 unrolls, that compiling is nearly all of their cost:
 * on the Reuters corpus the 735 calls that locate a deadline phrase took 1.2 s the first time and 5 ms again.
 * Compiling once, straight to machine code, cut `wirewatch tag` on that corpus from about 1.75 to 1.25 s of CPU
 * and one line from 0.33 to 0.24 s (scripts/perf, issue 9). The flag only changes how V8 runs a pattern, never
 * what it matches. NODE_OPTIONS does not accept V8 flags of this kind, so the tagger sets it when it is built,
 * before its patterns first run.
 */
import { setFlagsFromString } from "node:v8";

let set = false;

export function compileRegExpsOnce(): void {
  if (set) return;
  set = true;
  setFlagsFromString("--no-regexp-tier-up");
}
