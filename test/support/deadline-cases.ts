/**
 * Table-driven deadline cases for the tagger's family tests: each text becomes one test, so a failure names the
 * sentence. `ref` is the reference date the texts are read against; `null` means none (wire copy), so only a
 * date with its year resolves.
 */
import { expect, it } from "vitest";
import { loadTagger } from "../../lambdas/core/tagger/load.ts";

export function deadlineCases(ref: string) {
  const tagger = loadTagger();
  const deadlineTag = (text: string, referenceDate: string | null = ref) =>
    tagger.tag(text, referenceDate ? { referenceDate } : {}).find((t) => t.topic === "deadline");

  /** Each `yes` text is tagged deadline, each `no` text is not. */
  function expectDeadline(yes: readonly string[], no: readonly string[]) {
    for (const text of yes) it(`tags deadline: ${text}`, () => expect(deadlineTag(text)).toBeDefined());
    for (const text of no)
      it(`does not tag deadline: ${text}`, () => expect(deadlineTag(text)).toBeUndefined());
  }

  /** [text, reference date or null, the phrase quoted, the date it resolves to or null]. */
  function expectDates(cases: readonly [string, string | null, string, string | null][]) {
    for (const [text, at, phrase, date] of cases) {
      it(`${text} (ref ${at ?? "none"}) -> ${phrase} / ${date}`, () => {
        expect(deadlineTag(text, at)?.deadline).toEqual({ phrase, date });
      });
    }
  }

  return { deadlineTag, expectDeadline, expectDates };
}
