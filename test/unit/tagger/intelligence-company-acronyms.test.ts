/**
 * An agency acronym that the article itself introduces as a company's name ("NSA Inc", "<BND CORP>") names that
 * company wherever it recurs ("NSA said the note ..."), so it does not make the story about intelligence; a real
 * intelligence actor in the same article still does. Texts are written for this test (invented companies).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();
const intelligence = (text: string) => tagger.tag(text, {}).some((t) => t.topic === "intelligence");

describe("an agency acronym introduced as a company's name", () => {
  it("is the company throughout the article (NO)", () => {
    expect(
      intelligence(
        "<NSA INC> OFFERS TO BUY BACK SHARES. NSA Inc said it will offer holders a five-year note for each share. NSA said the note will pay interest quarterly at eight pct a year.",
      ),
    ).toBe(false);
  });

  it("does not hide an intelligence agency named by other words in the same article (YES)", () => {
    expect(
      intelligence(
        "NSA Inc said it will offer holders a five-year note. Separately, the Central Intelligence Agency said it had no comment on the report.",
      ),
    ).toBe(true);
  });

  it("leaves the agency itself alone when no company of that name is introduced (YES)", () => {
    expect(intelligence("NSA said it had intercepted calls between the two ministers.")).toBe(true);
  });
});
