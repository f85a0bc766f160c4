/**
 * The shipped anchors stay cheap for the prefilter, the one regex every article is scanned with:
 * - V8 stops optimising a regular expression whose source is 20 KB or longer (kRegExpTooLargeToOptimize); the
 *   union of every topic's anchors then scans the Reuters corpus several times slower (measured: 20.5 KB took
 *   five times as long as 19.6 KB), so past the limit the prefilter scans in two parts (prefilterOf, 30% slower
 *   than one). Long date vocabularies belong in a rule's second group, not its anchor, or
 *   behind a `{SCAN_END}` marker (scan-end.test.ts), which the union does not include.
 * - an alternative that does not start with a letter or digit cannot be filed under its first character, so it
 *   is tried at every word of every article. A leading group is copied out (`(?:a|b)rest` -> `arest|brest`)
 *   unless the copies would pass COPY_LIMIT; nothing else may stay unfiled (a look-behind or `\p{Lu}` at the
 *   start of an anchor would be tried at every position: one once cost the Reuters scan 16%).
 */
import { describe, expect, it } from "vitest";
import { compileTopic } from "../../../lambdas/core/tagger/definition.ts";
import { PREFILTER_PART_LIMIT, prefilterOf, unionOf } from "../../../lambdas/core/tagger/engine.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";
import { COPY_LIMIT, leadingGroup, splitAlternatives } from "../../../lambdas/core/tagger/prefilter.ts";

const topics = loadTopicDefinitions().map(compileTopic);
const union = unionOf(topics);

describe("anchor budget of the shipped topics", () => {
  it("the all-topics prefilter stays under V8's 20 KB optimisation limit, in at most two parts", () => {
    // One regex while the union fits (104 ms over the Reuters corpus); past it, prefilterOf scans the unions of
    // the anchors' two halves (134 ms), never one regex over the limit (about five times as long).
    for (const p of prefilterOf(topics)) expect(p.source.length).toBeLessThan(PREFILTER_PART_LIMIT);
    expect(PREFILTER_PART_LIMIT).toBe(20 * 1024);
  });

  it("every prefilter alternative is filed under a first letter or digit, or is a group too large to copy", () => {
    // \b(?:<buckets and others>): every top-level alternative is `x(?:...)` for a letter or digit x ...
    const body = union.source.slice("\\b(?:".length, -1);
    const unfiled = splitAlternatives(body).filter((a) => !/^[a-z0-9]\(\?:/i.test(a));
    // ... or a leading group whose copies would pass COPY_LIMIT.
    const tooLarge = (a: string) => {
      const inner = leadingGroup(a);
      return (
        inner !== undefined && (a.length - inner.length - 4) * splitAlternatives(inner).length > COPY_LIMIT
      );
    };
    expect(unfiled.filter((a) => !tooLarge(a))).toEqual([]);
    expect(unfiled.length).toBeLessThanOrEqual(3);
  });
});
