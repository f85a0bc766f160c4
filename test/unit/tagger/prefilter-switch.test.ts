/**
 * A tagger builds its all-topics prefilter only after PREFILTER_AFTER texts (building it costs more than a
 * one-line run or a cold Lambda's first articles gain from it). Before and after, every text must get the same
 * tags: the prefilter may only skip texts no topic's own trigger accepts.
 */
import { describe, expect, it } from "vitest";
import { PREFILTER_AFTER } from "../../../lambdas/core/tagger/engine.ts";
import { createTagger } from "../../../lambdas/core/tagger/index.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

const TEXTS = [
  "Prague ordered three Russian diplomats to leave within 72 hours and capped the embassy's staff.",
  "The counter-intelligence service said the attaché had recruited an informant inside the ministry.",
  "Shareholders have until 5 p.m. on March 20 to tender their shares, the company said.",
  "The orchestra opens its spring season on Thursday with two new works.",
  "Wheat futures ended slightly higher in quiet trade.",
  "Lawmakers must pass the budget by the end of June or the government shuts down.",
  "A spy thriller topped the box office for the third weekend.",
  "The ministry expelled the ambassador and gave him until Sunday to go.",
];

describe("the all-topics prefilter, built after the first texts", () => {
  it("changes no tag: the same texts tag alike before and after it is in use", () => {
    const tagger = createTagger(loadTopicDefinitions());
    const options = { referenceDate: "2026-03-16" };
    const before = TEXTS.map((t) => tagger.tag(t, options));
    for (let i = TEXTS.length; i <= PREFILTER_AFTER; i++)
      tagger.tag(TEXTS[i % TEXTS.length] as string, options);
    const after = TEXTS.map((t) => tagger.tag(t, options));
    expect(after).toEqual(before);
    // Not vacuous: the texts do raise every topic, and some raise none.
    const topics = new Set(before.flat().map((tag) => tag.topic));
    expect([...topics].sort()).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(before.filter((tags) => tags.length === 0).length).toBeGreaterThanOrEqual(2);
  });
});
