import { describe, expect, it } from "vitest";
import { splitSentences } from "../../../lambdas/core/tagger/sentences.ts";

const texts = (t: string) => splitSentences(t).map((s) => s.text);

describe("splitSentences", () => {
  it("splits on terminal punctuation followed by a capital", () => {
    expect(texts("The talks failed. Both sides left the hall! Will they return? Nobody knows.")).toEqual([
      "The talks failed.",
      "Both sides left the hall!",
      "Will they return?",
      "Nobody knows.",
    ]);
  });

  it("keeps abbreviations, initials and dotted acronyms inside the sentence", () => {
    expect(
      texts("Mr. Novak met U.S. officials on Jan. 5 in Washington, D.C. with Gen. Ortiz. Then he flew home."),
    ).toEqual([
      "Mr. Novak met U.S. officials on Jan. 5 in Washington, D.C. with Gen. Ortiz.",
      "Then he flew home.",
    ]);
    expect(texts("John F. Kennedy spoke. The crowd cheered.")).toEqual([
      "John F. Kennedy spoke.",
      "The crowd cheered.",
    ]);
  });

  it("ends a sentence after a closing quote and starts one at an opening quote", () => {
    expect(texts("“We will not leave,” she said. “Never.” The minister nodded.")).toEqual([
      "“We will not leave,” she said.",
      "“Never.”",
      "The minister nodded.",
    ]);
  });

  it("treats line breaks as boundaries (headlines and paragraphs) and returns verbatim offsets", () => {
    const text = "Headline without a full stop\n\nFirst paragraph here. Second sentence.\nLast line";
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      "Headline without a full stop",
      "First paragraph here.",
      "Second sentence.",
      "Last line",
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("does not split before a lower-case continuation", () => {
    expect(texts("The approx. number is small. Yes.")).toEqual(["The approx. number is small.", "Yes."]);
  });

  it("copes with empty and whitespace-only text", () => {
    expect(splitSentences("")).toEqual([]);
    expect(splitSentences("  \n\n ")).toEqual([]);
  });
});
