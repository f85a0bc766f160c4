/** Long multi-paragraph articles: every tag names its sentence verbatim, wherever it sits in the text. */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

// Written for this test; the story mirrors the seed story's shape (a cap on diplomats, spies, a month-end limit).
const ARTICLE = `Estmark limits Westmark's embassy after sabotage inquiry

PORTVILLE — Estmark's government said on Thursday that it would cut Westmark's diplomatic presence down to the size of its own mission abroad, deepening a quarrel that began with a warehouse fire six years ago.

"From today, Westmark may keep no more diplomats in Portville than we keep in its capital," Foreign Minister A. B. Lindqvist told reporters. "They have until the end of May to bring their people home."

Investigators concluded last month that officers of Westmark's military intelligence planned the 2019 fire, which killed two night guards. The findings led Prime Minister Ola Hart to order the expulsion of 14 Westmark diplomats he described as spies. Westmark answered by telling 16 Estmark officials to leave within a week.

Mr. Hart said on Friday that Estmark did not want a spiral. "We want normal relations, but not at any price," he said.

Officials in Portville estimate that 50 to 60 people will have to leave the Westmark embassy, which employs about 90. Estmark keeps 25 staff in Westmark's capital.

Analysts at the St. Olaf Institute said the move would hamper Westmark's operations across the region.`;

const tags = loadTagger().tag(ARTICLE, { referenceDate: "2021-04-22" });
const tag = (topic: string) => tags.find((t) => t.topic === topic);

describe("a long multi-paragraph article", () => {
  it("gets all three topics", () => {
    expect(tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);
  });

  it("quotes each evidence sentence verbatim from the text", () => {
    for (const t of tags) {
      expect(ARTICLE).toContain(t.evidence);
      expect(t.evidence.length).toBeLessThan(300);
      expect(t.score).toBeGreaterThan(0.5);
      expect(t.score).toBeLessThanOrEqual(1);
    }
  });

  it("names the right sentences", () => {
    expect(tag("deadline")?.evidence).toBe('"They have until the end of May to bring their people home."');
    expect(tag("deadline")?.deadline).toEqual({ phrase: "until the end of May", date: "2021-05-31" });
    expect(tag("expulsions")?.evidence).toBe(
      "The findings led Prime Minister Ola Hart to order the expulsion of 14 Westmark diplomats he described as spies.",
    );
    expect(tag("intelligence")?.evidence).toMatch(/^(Investigators concluded|The findings led)/);
  });

  it("handles the same text as one paragraph and tags a one-line item alike", () => {
    const flat = ARTICLE.replace(/\n+/g, " ");
    expect(
      loadTagger()
        .tag(flat, { referenceDate: "2021-04-22" })
        .map((t) => t.topic)
        .sort(),
    ).toEqual(["deadline", "expulsions", "intelligence"]);
    const one = loadTagger().tag("Estmark expels 14 Westmark diplomats.");
    expect(one).toEqual([
      { topic: "expulsions", score: 0.95, evidence: "Estmark expels 14 Westmark diplomats." },
    ]);
  });

  it("returns nothing for text without any trigger", () => {
    expect(loadTagger().tag("The weather was mild and the markets were calm.")).toEqual([]);
    expect(loadTagger().tag("")).toEqual([]);
  });
});
