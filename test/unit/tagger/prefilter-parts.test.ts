/**
 * The all-topics prefilter in parts (prefilterOf): a union that reaches V8's 20 KB optimisation limit is scanned
 * as the unions of its anchors' two halves, which together pass exactly the texts the whole union passes.
 */
import { describe, expect, it } from "vitest";
import { compileTopic } from "../../../lambdas/core/tagger/definition.ts";
import {
  createTagger,
  PREFILTER_AFTER,
  PREFILTER_PART_LIMIT,
  prefilterOf,
  unionOf,
} from "../../../lambdas/core/tagger/engine.ts";
import { parseTopicDefinition } from "../../../lambdas/core/tagger/index.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

// A topic whose anchor is 600 invented words spread over first letters (about 7 KB more of the union).
const words = Array.from(
  { length: 600 },
  (_, i) => `${"bcdfghjklmnpqrstvwxz"[i % 20]}q${i.toString(36)}word`,
);
const big = parseTopicDefinition(
  {
    name: "codewords",
    description: "Invented code words, for the prefilter's size.",
    terms: { word: words },
    rules: [{ id: "word", all: ["word"], weight: 0.9 }],
  },
  "topics/codewords.json",
);

describe("the prefilter in parts", () => {
  const topics = [compileTopic(big), ...loadTopicDefinitions().map(compileTopic)];
  const union = unionOf(topics);
  const parts = prefilterOf(topics);

  it("splits a union past the limit into two parts, each under it", () => {
    expect(union.source.length).toBeGreaterThanOrEqual(PREFILTER_PART_LIMIT);
    expect(parts).toHaveLength(2);
    for (const p of parts) expect(p.source.length).toBeLessThan(PREFILTER_PART_LIMIT);
  });

  it("passes exactly the texts the whole union passes", () => {
    const texts = [
      ...[0, 7, 300, 599].map((i) => `The file mentioned ${words[i]} twice.`),
      "Estmark expelled two Valdorian diplomats.",
      "The offer expires on Friday.",
      "Portville gave the attaché 48 hours to leave.",
      "Wheat futures closed higher on export demand.",
      "Nothing here at all.",
    ];
    for (const t of texts)
      expect(
        parts.some((p) => p.test(t)),
        t,
      ).toBe(union.test(t));
  });

  it("keeps one regex while the union is under the limit", () => {
    const shipped = loadTopicDefinitions().map(compileTopic);
    const one = unionOf(shipped).source.length < PREFILTER_PART_LIMIT;
    expect(prefilterOf(shipped)).toHaveLength(one ? 1 : 2);
  });

  it("lets a tagger past its prefilter threshold tag with the parts as it would without them", () => {
    const tagger = createTagger([big, ...loadTopicDefinitions()]);
    const miss = "Wheat futures closed higher on export demand.";
    for (let i = 0; i <= PREFILTER_AFTER; i++) tagger.tag(miss);
    expect(tagger.tag(`The file mentioned ${words[599]} twice.`).map((t) => t.topic)).toEqual(["codewords"]);
    expect(tagger.tag(miss)).toEqual([]);
    expect(tagger.tag("Estmark expelled two Valdorian diplomats.").map((t) => t.topic)).toEqual([
      "expulsions",
    ]);
  });
});
