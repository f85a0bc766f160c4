/**
 * `{SCAN_END}`: where the prefilters may stop reading an anchor pattern. The rule group still matches the whole
 * pattern; the prefilters scan for the words before the marker, a superset, which keeps the all-topics union
 * under V8's optimisation limit (anchor-budget.test.ts) without scanning for long date vocabularies.
 */
import { describe, expect, it } from "vitest";
import { compileTopic, groupOccurs, triggerRegExp } from "../../../lambdas/core/tagger/definition.ts";
import { createTagger, unionOf } from "../../../lambdas/core/tagger/engine.ts";
import { parseTopicDefinition, TopicDefinitionError } from "../../../lambdas/core/tagger/index.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

const def = (terms: Record<string, string[]>) =>
  parseTopicDefinition(
    {
      name: "extensions",
      description: "An offer extended to a day.",
      terms,
      rules: [{ id: "extended", all: ["extended"], weight: 0.9 }],
    },
    "topics/extensions.json",
  );

describe("a {SCAN_END} marker in an anchor", () => {
  const topic = compileTopic(
    def({ extended: ["extend(?:s|ed)?{SCAN_END} (?:\\S+ ){0,6}?until (?:Friday|Monday)"] }),
  );

  it("leaves the rule group matching the whole pattern, as if the marker were not there", () => {
    const group = topic.groups.find((g) => g.name === "extended");
    expect(group && groupOccurs(group.all, "Norcorp extended its offer until Friday.")).toBe(true);
    expect(group && groupOccurs(group.all, "Norcorp extended its lease for ten years.")).toBe(false);
    const tagger = createTagger([
      def({ extended: ["extend(?:s|ed)?{SCAN_END} (?:\\S+ ){0,6}?until (?:Friday|Monday)"] }),
    ]);
    expect(tagger.tag("Norcorp extended its offer until Friday.").map((t) => t.topic)).toEqual([
      "extensions",
    ]);
    expect(tagger.tag("Norcorp extended its lease for ten years.")).toEqual([]);
  });

  it("makes the scan look only for the words before it (a superset of the trigger)", () => {
    expect(topic.scanPatterns).toEqual(["extend(?:s|ed)?"]);
    const lease = "Norcorp extended its lease for ten years.";
    expect(topic.trigger.test(lease)).toBe(false);
    expect(topic.scan.re.test(lease.toLowerCase())).toBe(true);
  });

  it("is refused twice in one pattern, inside a group, or with nothing before it", () => {
    const refused = (pattern: string) => {
      try {
        def({ extended: [pattern] });
      } catch (error) {
        expect(error).toBeInstanceOf(TopicDefinitionError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(refused("extend{SCAN_END}ed{SCAN_END} until")).toMatch(/terms\.extended\[0\]: .*more than once/);
    expect(refused("(?:extend{SCAN_END}ed) until")).toMatch(
      /terms\.extended\[0\]: invalid regular expression/,
    );
    expect(refused("{SCAN_END}extended until")).toMatch(/terms\.extended\[0\]: .*nothing before/);
    expect(refused("extends{SCAN_END}? until")).toMatch(/terms\.extended\[0\]: .*quantifier after/);
    expect(refused("extend{SCAN_END} until Friday|prolong")).toMatch(/terms\.extended\[0\]: .*top-level \|/);
  });
});

describe("the shipped topics' scans", () => {
  const topics = loadTopicDefinitions().map(compileTopic);

  it("use markers, and scan a superset of every trigger on our own sentences", () => {
    expect(topics.some((t) => t.scanPatterns.some((p) => !t.anchorPatterns.includes(p)))).toBe(true);
    const sentences = [
      "Norcorp extended its tender offer for Estmark shares until 5 p.m. on Friday, March 14.",
      "Norcorp extended the lease by ten years.",
      "Estmark expelled two Valdorian diplomats from its embassy in Portville.",
      "Estmark withdrew its consent for the Valdorian consulate in Portville.",
      "The offer runs from March 3 through April 4.",
      "Wheat futures closed higher on export demand.",
    ];
    for (const t of topics)
      for (const s of sentences) {
        const scan = triggerRegExp(t.scanPatterns).test(s);
        if (t.trigger.test(s)) expect(scan, `${t.name}: ${s}`).toBe(true);
      }
    const union = unionOf(topics);
    for (const s of sentences) if (topics.some((t) => t.trigger.test(s))) expect(union.test(s), s).toBe(true);
  });
});
