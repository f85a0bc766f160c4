/**
 * The engine's choices a user sees in a tag: which sentence is quoted for a deadline and with which phrase, what
 * a tag holds without a reference date (or with one written with extra words), document vetoes and their
 * excepted rules, and word windows around punctuation. Small synthetic topics, texts in our own words.
 */
import { describe, expect, it } from "vitest";
import {
  compileTopic,
  createTagger,
  parseTopicDefinition,
  scoreSentence,
} from "../../../lambdas/core/tagger/index.ts";

const make = (extra: Record<string, unknown>) =>
  parseTopicDefinition({ name: "demo", description: "test topic", ...extra }, "demo.json");

const limits = createTagger([
  make({
    name: "limits",
    terms: { must: ["must"] },
    rules: [{ id: "must", all: ["must"], weight: 0.9 }],
    extract: "deadline",
  }),
]);

describe("the deadline of a tag", () => {
  it("quotes the sentence with the most specific phrase, not the first one", () => {
    const [tag] = limits.tag("Troops must leave within 48 hours. Envoys must leave no later than April 18.", {
      referenceDate: "2025-03-14",
    });
    expect(tag?.evidence).toBe("Envoys must leave no later than April 18.");
    expect(tag?.deadline).toEqual({ phrase: "no later than April 18", date: "2025-04-18" });
  });

  it("prefers a less specific phrase that resolves to a date over a more specific one that does not", () => {
    const [tag] = limits.tag(
      "Envoys must leave no later than mid-March. Troops must leave within 48 hours.",
      {
        referenceDate: "2025-03-14",
      },
    );
    expect(tag?.evidence).toBe("Troops must leave within 48 hours.");
    expect(tag?.deadline).toEqual({ phrase: "within 48 hours", date: "2025-03-16" });
  });

  it("quotes the trigger words when no phrase states the limit", () => {
    const [tag] = limits.tag("Envoys must go home.", { referenceDate: "2025-03-14" });
    expect(tag).toEqual({
      topic: "limits",
      score: 0.9,
      evidence: "Envoys must go home.",
      deadline: { phrase: "must", date: null },
    });
  });

  it("without options at all, a day stated in full still resolves and a relative one does not", () => {
    expect(limits.tag("Envoys must leave by January 10, 2026.")[0]?.deadline).toEqual({
      phrase: "by January 10, 2026",
      date: "2026-01-10",
    });
    expect(limits.tag("Envoys must leave within 48 hours.")[0]?.deadline).toEqual({
      phrase: "within 48 hours",
      date: null,
    });
  });

  it("reads a reference date written with words after the day", () => {
    const [tag] = limits.tag("Troops must leave within 48 hours.", {
      referenceDate: "2025-03-14, evening edition",
    });
    expect(tag?.deadline).toEqual({ phrase: "within 48 hours", date: "2025-03-16" });
  });

  it("a topic without the deadline extractor carries no deadline field", () => {
    const plain = createTagger([
      make({ terms: { must: ["must"] }, rules: [{ id: "must", all: ["must"], weight: 0.9 }] }),
    ]);
    const [tag] = plain.tag("Envoys must leave within 48 hours.", { referenceDate: "2025-03-14" });
    expect(tag && "deadline" in tag).toBe(false);
  });
});

describe("document vetoes and their excepted rules", () => {
  const def = make({
    terms: { spy: ["spy"], agency: ["agency"], cue: ["film", "actor", "review", "science fiction"] },
    rules: [
      { id: "spy", all: ["spy"], weight: 0.9 },
      { id: "agency", all: ["agency"], weight: 0.9 },
    ],
    documentVetoes: [{ group: "cue", minDistinct: 3, exceptRules: ["agency"] }],
  });
  const tagger = createTagger([def]);

  it("one excepted rule firing in any sentence keeps the topic, whatever fired elsewhere", () => {
    expect(
      tagger.tag("A review. The film is long. The spy escapes. The agency acts. The actor is fine."),
    ).toHaveLength(1);
  });

  it("an excepted rule keeps the topic when it fires in the same sentence as another rule", () => {
    expect(tagger.tag("A review. The film is long. The agency spy escapes. The actor is fine.")).toHaveLength(
      1,
    );
  });

  it("the same context words spaced differently count once", () => {
    expect(tagger.tag("It is science fiction. The spy escapes. More science  fiction. A film.")).toHaveLength(
      1,
    );
    expect(tagger.tag("It is science fiction. The spy escapes. An actor. A film.")).toHaveLength(0);
  });
});

describe("word windows", () => {
  it("counts a word glued to punctuation as the word it is in", () => {
    const t = compileTopic(
      make({
        terms: { a: ["alpha"], b: ["beta"] },
        rules: [{ id: "ab", all: ["a", "b"], near: 3, weight: 0.9 }],
      }),
    );
    expect(scoreSentence(t, "The alpha one two (beta).").rules).toEqual(["ab"]);
    expect(scoreSentence(t, "The alpha one two three (beta).").rules).toEqual([]);
  });

  it("an ordered rule accepts two groups that start at the same word", () => {
    const t = compileTopic(
      make({
        terms: { talks: ["talks"], failed: ["talks (?:failed|collapsed)"] },
        rules: [{ id: "failed", all: ["talks", "failed"], ordered: true, weight: 0.9 }],
      }),
    );
    expect(scoreSentence(t, "The talks collapsed on Friday.").rules).toEqual(["failed"]);
  });

  it("a group that can match nothing still ends (a window with an optional word)", () => {
    const t = compileTopic(
      make({
        terms: { a: ["alpha"], b: ["(?:beta)?"] },
        rules: [{ id: "ab", all: ["a", "b"], near: 2, weight: 0.9 }],
      }),
    );
    expect(scoreSentence(t, "alpha and beta").score).toBe(0.9);
  });

  it("a vetoed sentence lists no rules", () => {
    const t = compileTopic(
      make({
        terms: { a: ["alpha"], stop: ["drill"] },
        vetoes: ["stop"],
        rules: [{ id: "a", all: ["a"], weight: 0.9 }],
      }),
    );
    expect(scoreSentence(t, "alpha in a drill")).toEqual({ score: 0, rules: [] });
  });
});
