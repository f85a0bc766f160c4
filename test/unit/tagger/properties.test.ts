/** Properties that hold for any input: no throw, verbatim evidence, scores in range, well-formed dates. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { splitSentences } from "../../../lambdas/core/tagger/sentences.ts";

const tagger = loadTagger();
// Words that reach every rule family, so random texts exercise the rules and not only the prefilter.
const words = fc.constantFrom(
  "Estmark",
  "expels",
  "diplomats",
  "ambassador",
  "ordered",
  "to",
  "leave",
  "within",
  "48",
  "hours",
  "until",
  "the",
  "end",
  "of",
  "May",
  "by",
  "Sunday",
  "deadline",
  "ultimatum",
  "spy",
  "CIA",
  "intelligence",
  "artificial",
  "U.S.",
  "Mr.",
  ".",
  "!",
  "\n",
  "“",
  "”",
  "must",
  "has",
  "persona",
  "non",
  "grata",
);
const newsish = fc.array(words, { maxLength: 60 }).map((ws) => ws.join(" "));
const anyText = fc.oneof(
  newsish,
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
);
const refDate = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe("tagger properties", () => {
  it("never throws; evidence is a verbatim sentence of the input; scores and dates are well formed", () => {
    fc.assert(
      fc.property(anyText, refDate, (text, date) => {
        const tags = tagger.tag(text, { referenceDate: date });
        const seen = new Set<string>();
        for (const t of tags) {
          expect(tagger.topics).toContain(t.topic);
          expect(seen.has(t.topic)).toBe(false);
          seen.add(t.topic);
          expect(t.score).toBeGreaterThan(0);
          expect(t.score).toBeLessThanOrEqual(1);
          expect(text).toContain(t.evidence);
          expect(t.evidence.trim()).toBe(t.evidence);
          if (t.topic === "deadline") {
            expect(t.deadline).toBeDefined();
            if (t.deadline?.date) expect(t.deadline.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          } else {
            expect(t.deadline).toBeUndefined();
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it("sentence offsets always slice back to the sentence text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const s of splitSentences(text)) expect(text.slice(s.start, s.end)).toBe(s.text);
      }),
      { numRuns: 400 },
    );
  });
});
