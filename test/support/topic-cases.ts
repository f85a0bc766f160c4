/**
 * Table-driven yes/no cases for one topic (the expulsions and intelligence family tests): each text becomes one
 * test, so a failure names the sentence. Deadline cases, which also check the date, are in deadline-cases.ts.
 */
import { expect, it } from "vitest";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";

export function topicCases(topic: string, referenceDate: string) {
  const tagger = loadTagger();
  const has = (text: string) => tagger.tag(text, { referenceDate }).some((t) => t.topic === topic);

  /** Each `yes` text is tagged `topic`, each `no` text is not. */
  function expectTopic(yes: readonly string[], no: readonly string[]) {
    for (const text of yes) it(`tags ${topic}: ${text}`, () => expect(has(text)).toBe(true));
    for (const text of no) it(`does not tag ${topic}: ${text}`, () => expect(has(text)).toBe(false));
  }

  return { has, expectTopic };
}
