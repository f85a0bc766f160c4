/**
 * Sentence splitting beyond ASCII: the spaces, letters and capitals of real news copy (no-break and ideographic
 * spaces, tabs, accented initials, a sentence that starts with an accented capital or lower-case letter), and
 * offsets that still point into the text as written. Texts in our own words.
 */
import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../lambdas/core/tagger/sentences.ts";

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe("splitSentences on non-ASCII copy", () => {
  it.each([
    ["a no-break space", "\u00a0"],
    ["an ideographic space", "\u3000"],
    ["an em space", "\u2003"],
    ["a tab", "\t"],
    ["a vertical tab", "\v"],
  ])("splits after a full stop followed by %s, quoting each sentence verbatim", (_, space) => {
    const text = `The talks failed.${space}Both sides left.`;
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(["The talks failed.", "Both sides left."]);
    expect(sentences.map((s) => [s.start, s.end])).toEqual([
      [0, 17],
      [18, 34],
    ]);
  });

  it("trims no-break and ideographic spaces around a sentence", () => {
    const text = "\u00a0\u3000Talks failed.\u00a0 \u3000";
    expect(splitSentences(text)).toEqual([{ start: 2, end: 15, text: "Talks failed." }]);
  });

  it("keeps an accented initial inside its sentence", () => {
    expect(texts("The envoy met Ž. Novak in the capital. Then he left.")).toEqual([
      "The envoy met Ž. Novak in the capital.",
      "Then he left.",
    ]);
  });

  it("keeps dotted initials with accented letters inside the sentence", () => {
    expect(texts("Talks with the Ñ.Ü.R. Council went on. Then more talks.")).toEqual([
      "Talks with the Ñ.Ü.R. Council went on.",
      "Then more talks.",
    ]);
  });

  it("ends a sentence after an accented word that is not an abbreviation", () => {
    expect(texts("The envoy left for Bogotá. Talks resume on Monday.")).toEqual([
      "The envoy left for Bogotá.",
      "Talks resume on Monday.",
    ]);
  });

  it("starts a sentence at an accented capital, not at an accented lower-case letter", () => {
    expect(texts("The envoy arrived. Émile Novak spoke first.")).toEqual([
      "The envoy arrived.",
      "Émile Novak spoke first.",
    ]);
    expect(texts("The approx. élan of the talks was gone. Then more.")).toEqual([
      "The approx. élan of the talks was gone.",
      "Then more.",
    ]);
  });

  it("starts a sentence at a number or a quote after a full stop", () => {
    expect(texts("He left. 2025 was a hard year.")).toEqual(["He left.", "2025 was a hard year."]);
    expect(texts('He left. "Go," she said.')).toEqual(["He left.", '"Go," she said.']);
  });

  it("ends a sentence after an abbreviation-like word glued to another by a full stop", () => {
    // The token before the stop is "Acme.Corp", not "Corp": no abbreviation, so the sentence ends.
    expect(texts("He works at Acme.Corp. Then he left.")).toEqual([
      "He works at Acme.Corp.",
      "Then he left.",
    ]);
  });

  it("ends a sentence after a number, and after a run of stops", () => {
    expect(texts("Costs rose by 5. Then they fell.")).toEqual(["Costs rose by 5.", "Then they fell."]);
    expect(texts("Wait... What happened? Nobody knows.")).toEqual([
      "Wait...",
      "What happened?",
      "Nobody knows.",
    ]);
  });

  it("ends a sentence at a Windows line break, the offsets skipping both characters", () => {
    expect(splitSentences("She left.\r\nThen he came.")).toEqual([
      { start: 0, end: 9, text: "She left." },
      { start: 11, end: 24, text: "Then he came." },
    ]);
  });

  it("keeps a lower-case continuation after a stop that is not an abbreviation, even after two spaces", () => {
    expect(texts("Shares rose 2 pct. to 14 dlrs. Then they fell.")).toEqual([
      "Shares rose 2 pct. to 14 dlrs.",
      "Then they fell.",
    ]);
    expect(texts("Shares rose 2 pct.  to 14 dlrs. Then they fell.")).toEqual([
      "Shares rose 2 pct.  to 14 dlrs.",
      "Then they fell.",
    ]);
    expect(texts("Output rose 2 pct. a month earlier. Then it fell.")).toEqual([
      "Output rose 2 pct. a month earlier.",
      "Then it fell.",
    ]);
  });

  it("always ends a sentence at a line break, even before a lower-case line", () => {
    expect(texts("Westmark expels two envoys\nthe ministry said on Friday.")).toEqual([
      "Westmark expels two envoys",
      "the ministry said on Friday.",
    ]);
  });

  it("ends a question after a single letter, and a run of stops after an abbreviation", () => {
    expect(texts("Was the source Agent K? Nobody would say.")).toEqual([
      "Was the source Agent K?",
      "Nobody would say.",
    ]);
    expect(texts("Prices of fuel, bread, etc... Then they fell.")).toEqual([
      "Prices of fuel, bread, etc...",
      "Then they fell.",
    ]);
  });

  it("reads an abbreviation at the very start of the text as that word", () => {
    expect(texts("Gen. Ortiz arrived. Talks began.")).toEqual(["Gen. Ortiz arrived.", "Talks began."]);
  });

  it("keeps dotted initials of three letters and a dotted country name before a capital", () => {
    expect(texts("The book by J.R.R. Tolkien sold well. Then more.")).toEqual([
      "The book by J.R.R. Tolkien sold well.",
      "Then more.",
    ]);
    expect(texts("The U.S. President spoke. Then he left.")).toEqual([
      "The U.S. President spoke.",
      "Then he left.",
    ]);
  });

  it("ends a sentence at a lone carriage return, the next one starting after it", () => {
    expect(splitSentences("She left.\rThen he came.")).toEqual([
      { start: 0, end: 9, text: "She left." },
      { start: 10, end: 23, text: "Then he came." },
    ]);
  });
});
