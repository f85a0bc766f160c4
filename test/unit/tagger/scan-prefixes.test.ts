/**
 * The prefilters scan case-insensitively and without a trailing boundary (prefilter.ts: a superset, which lets a
 * short anchor stand for its longer forms). A short anchor that is also the start of common words ("UN" in
 * "under", "DIA" in "diamond") therefore sent most sentences of a long wire story to the rules: on the Reuters
 * corpus the expulsions scan passed 16,000 of 144,000 sentences for "UN" alone. Those anchors end in `\b`, so
 * the scan skips such words while the rules (whose groups end at a word boundary anyway) read the same.
 */
import { describe, expect, it } from "vitest";
import { type CompiledTopic, compileTopic } from "../../../lambdas/core/tagger/definition.ts";
import { loadTagger, loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

const topics = new Map<string, CompiledTopic>(loadTopicDefinitions().map((d) => [d.name, compileTopic(d)]));
const scans = (topic: string, sentence: string) => {
  const { scan } = topics.get(topic) as CompiledTopic;
  return scan.re.test(scan.lower ? sentence.toLowerCase() : sentence);
};
const tagger = loadTagger();
const topicsOf = (text: string) => tagger.tag(text).map((t) => t.topic);

describe("the prefilters skip words that only begin with a short anchor", () => {
  it.each([
    ["expulsions", "Unit sales were unchanged under the new contract until the end of the quarter."],
    [
      "intelligence",
      "Diamond prices rose as the hurricane season brought gruelling delays and moisture damage.",
    ],
  ])("%s does not scan: %s", (topic, sentence) => {
    expect(scans(topic, sentence)).toBe(false);
  });

  it("still scans, and tags, the anchors themselves", () => {
    expect(scans("expulsions", "The UN said the peacekeepers must leave.")).toBe(true);
    expect(scans("intelligence", "The DIA briefed the committee.")).toBe(true);
    expect(topicsOf("Valdoria asked the UN to withdraw its peacekeeping mission from the border.")).toContain(
      "expulsions",
    );
    expect(topicsOf("Officers of the GRU were named in the report.")).toContain("intelligence");
    expect(topicsOf("Ukraine's HUR said the strike hit a depot.")).toContain("intelligence");
  });
});
