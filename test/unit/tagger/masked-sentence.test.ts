/**
 * Masks run on the lower-cased sentence without the `i` flag (engine.ts maskedSentence), where they compile in
 * about half the time of the case-insensitive form. These tests pin that the blanked sentence is the one the
 * case-insensitive masks give, mask after mask, on sentences of our own that each shipped mask touches.
 */
import { describe, expect, it } from "vitest";
import { compileTopic } from "../../../lambdas/core/tagger/definition.ts";
import { maskedSentence } from "../../../lambdas/core/tagger/engine.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";

const topics = loadTopicDefinitions().map(compileTopic);
const blank = (m: string) => " ".repeat(m.length);
/** The masks as they ran before: each case-insensitive mask replaced on the sentence as it stands. */
const reference = (t: (typeof topics)[number], sentence: string) =>
  t.mask.reduce((text, mask) => text.replace(mask.all, blank), sentence);

const SENTENCES = [
  "The club named its roster ahead of the TRADE DEADLINE, then spoke to Deadline about the film.",
  "Ministers set out their plans to cut imports as Oil Demand slowed and demand for crude fell.",
  "He was Expelled from the party in March, and the embassy later ejected two reporters from the briefing.",
  "The tanker Northern Envoy docked on Friday while Envoy Air posted its results.",
  "Analysts at Market Intelligence said Artificial Intelligence and business intelligence budgets grew.",
  "Shares of SPY fell as traders watched (NYSE: ACME) and the $SPY options.",
  "Two diplomats were expelled on Monday and given 72 hours to leave the country.",
  "No mask touches this sentence at all.",
  // İ lower-cases to two characters: the sentence keeps its case-insensitive masks.
  "İstanbul officials said the TRADE DEADLINE passed and Oil Demand rose.",
  // Letters outside ASCII beside the masked words.
  "Ça va: the Ministère said its plans to expel the Envoy were dropped; market demand fell in Zürich.",
];

describe("masks run lower-cased", () => {
  for (const t of topics)
    for (const sentence of SENTENCES)
      it(`${t.name}: ${sentence.slice(0, 48)}`, () => {
        const masked = maskedSentence(t, sentence);
        expect(masked.text).toBe(reference(t, sentence));
        expect(masked.text.length).toBe(sentence.length);
        const lower = masked.text.toLowerCase();
        expect(masked.lower).toBe(lower.length === masked.text.length ? lower : undefined);
      });

  it("blanks something in every topic on these sentences (the cases reach the masks)", () => {
    for (const t of topics) {
      const touched = SENTENCES.filter((s) => maskedSentence(t, s).text !== s);
      expect(touched.length, t.name).toBeGreaterThanOrEqual(2);
    }
  });

  it("runs each case-insensitive mask lower-cased (case-sensitive ones run as written)", () => {
    let lowered = 0;
    for (const t of topics)
      for (const mask of t.mask) {
        const insensitive = mask.all.flags.includes("i");
        expect(mask.lower !== undefined, `${t.name}/${mask.name}`).toBe(insensitive);
        if (insensitive) lowered++;
      }
    expect(lowered).toBeGreaterThanOrEqual(5);
  });
});
