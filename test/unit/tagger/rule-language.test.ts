/** The rule language itself, on small synthetic topics: groups, near, ordered, unless, mask, vetoes, macros. */
import { describe, expect, it } from "vitest";
import {
  compileTopic,
  createTagger,
  normalisePattern,
  parseTopicDefinition,
  scoreSentence,
} from "../../../lambdas/core/tagger/index.ts";

const base = { name: "demo", description: "test topic", terms: {} as Record<string, unknown> };
const make = (extra: Record<string, unknown>) => parseTopicDefinition({ ...base, ...extra }, "demo.json");

describe("rule language", () => {
  it("a rule fires when every group in `all` occurs in one sentence", () => {
    const def = make({
      terms: { fruit: ["apples?", "pears?"], verb: ["eat(?:s|en)?", "ate"] },
      rules: [{ id: "eat-fruit", all: ["fruit", "verb"], weight: 0.9 }],
    });
    const tagger = createTagger([def]);
    expect(tagger.tag("She ate two pears.")).toHaveLength(1);
    expect(tagger.tag("Pears are green. She ate.")).toHaveLength(0); // different sentences
    expect(tagger.tag("Pineapples are eaten.")).toHaveLength(0); // whole words only
  });

  it("a word gap `{W1,3}` allows one to three words, as `(?:\\S+ ){1,3}?` does", () => {
    const def = make({
      terms: { expel: ["expel(?:s|led)? {W1,3}diplomats"] },
      rules: [{ id: "expel", all: ["expel"], weight: 0.9 }],
    });
    const tagger = createTagger([def]);
    expect(tagger.tag("Estmark expelled three Valdorian diplomats.")).toHaveLength(1);
    expect(tagger.tag("Estmark expelled diplomats.")).toHaveLength(0); // fewer than one word between
    expect(tagger.tag("Estmark expelled all of the four Valdorian diplomats.")).toHaveLength(0); // more than three
    expect(compileTopic(def).anchorPatterns).toEqual(["expel(?:s|led)? (?:\\S+ ){1,3}?diplomats"]);
  });

  it("`near` bounds the distance in words; `ordered` the order", () => {
    const def = make({
      terms: { a: ["alpha"], b: ["beta"] },
      rules: [{ id: "ab", all: ["a", "b"], near: 3, ordered: true, weight: 0.9 }],
    });
    const t = compileTopic(def);
    expect(scoreSentence(t, "alpha one two beta").score).toBeGreaterThan(0);
    expect(scoreSentence(t, "alpha one two three four beta").score).toBe(0);
    expect(scoreSentence(t, "beta one alpha").score).toBe(0);
  });

  it("`unless` cancels a rule, `vetoes` cancel the whole sentence, `mask` blanks a span", () => {
    const def = make({
      terms: {
        word: ["signal"],
        other: ["noise"],
        not: ["false alarm"],
        stop: ["ignore this"],
        masked: ["signal box"],
      },
      mask: ["masked"],
      vetoes: ["stop"],
      rules: [
        { id: "signal", all: ["word"], unless: ["not"], weight: 0.8 },
        { id: "noise", all: ["other"], weight: 0.6 },
      ],
    });
    const t = compileTopic(def);
    expect(scoreSentence(t, "A signal arrived.").rules).toEqual(["signal"]);
    expect(scoreSentence(t, "A signal arrived, a false alarm.").rules).toEqual([]);
    expect(scoreSentence(t, "A signal and noise.").score).toBeCloseTo(1 - 0.2 * 0.4);
    expect(scoreSentence(t, "Signal and noise; ignore this.").score).toBe(0);
    expect(scoreSentence(t, "The old signal box.").score).toBe(0);
  });

  it("a topic is reported only at or above its threshold", () => {
    const def = make({
      threshold: 0.7,
      terms: { weak: ["maybe"], strong: ["surely"] },
      rules: [
        { id: "weak", all: ["weak"], weight: 0.5 },
        { id: "strong", all: ["strong"], weight: 0.9 },
      ],
    });
    const tagger = createTagger([def]);
    expect(tagger.tag("It is maybe so.")).toEqual([]);
    expect(tagger.tag("It is surely so.")[0]?.score).toBe(0.9);
  });

  it("case-sensitive groups match acronyms only in capitals", () => {
    const def = make({
      terms: { acronym: { patterns: ["ABC"], caseSensitive: true } },
      rules: [{ id: "acronym", all: ["acronym"], weight: 0.9 }],
    });
    const tagger = createTagger([def]);
    expect(tagger.tag("The ABC said so.")).toHaveLength(1);
    expect(tagger.tag("Learn your abc.")).toHaveLength(0);
  });

  it("macros expand inside term patterns, and a space matches any whitespace", () => {
    const def = make({
      macros: { DAY: "Mon|Tue", WHEN: "(?:next )?(?:{DAY})" },
      terms: { meet: ["meet on {WHEN}"] },
      rules: [{ id: "meet", all: ["meet"], weight: 0.9 }],
    });
    const tagger = createTagger([def]);
    expect(tagger.tag("We meet on\t next   Tue.")).toHaveLength(1);
    expect(tagger.tag("We meet on Wed.")).toHaveLength(0);
  });

  it("evidence is the verbatim sentence with the highest score", () => {
    const def = make({
      terms: { weak: ["maybe"], strong: ["surely"] },
      rules: [
        { id: "weak", all: ["weak"], weight: 0.6 },
        { id: "strong", all: ["strong"], weight: 0.9 },
      ],
    });
    const [tag] = createTagger([def]).tag("It is  maybe so. But it is  surely  so!");
    expect(tag?.evidence).toBe("But it is  surely  so!");
  });

  it("`documentVetoes` drop the topic when the whole text has enough different context words", () => {
    const def = make({
      terms: { spy: ["spy"], agency: ["agency"], cue: ["film", "actor", "review", "cinema"] },
      rules: [
        { id: "spy", all: ["spy"], weight: 0.9 },
        { id: "agency", all: ["agency"], weight: 0.9 },
      ],
      documentVetoes: [{ group: "cue", minDistinct: 3, exceptRules: ["agency"] }],
    });
    const tagger = createTagger([def]);
    // Three different cue words, in other sentences than the hit: vetoed.
    expect(tagger.tag("A review. The film is long. The spy escapes. The actor is fine.")).toHaveLength(0);
    // The same word three times is one cue: not vetoed.
    expect(tagger.tag("A film. Another film. The spy escapes. A third film.")).toHaveLength(1);
    // A rule listed in exceptRules keeps the topic.
    expect(tagger.tag("A review. The film is long. The agency acts. The actor is fine.")).toHaveLength(1);
  });

  it("`documentVetoes` name known groups and rules", () => {
    expect(() =>
      make({
        terms: { a: ["a"] },
        rules: [{ id: "a", all: ["a"], weight: 0.9 }],
        documentVetoes: [{ group: "a", minDistinct: 2, exceptRules: ["nope"] }],
      }),
    ).toThrow(/documentVetoes\[0\]\.exceptRules\[0\]: unknown rule "nope"/);
    expect(() =>
      make({
        terms: { a: ["a"] },
        rules: [{ id: "a", all: ["a"], weight: 0.9 }],
        documentVetoes: [{ group: "b", minDistinct: 2 }],
      }),
    ).toThrow(/documentVetoes\[0\]: unknown term group "b"/);
  });

  it("rejects two definitions with the same name", () => {
    const def = make({ terms: { a: ["a"] }, rules: [{ id: "a", all: ["a"], weight: 0.9 }] });
    expect(() => createTagger([def, def])).toThrow(/duplicate topic "demo"/);
  });
});

describe("pattern conveniences", () => {
  it("a space matches any whitespace and an apostrophe matches the typographic one, outside classes only", () => {
    expect(normalisePattern("New Year's")).toBe("New\\s+Year['’]s");
    expect(normalisePattern("d['’]affaires")).toBe("d['’]affaires");
    expect(normalisePattern("a\\ b[ ]")).toBe("a\\ b[ ]");
    // An optional space is an optional run of whitespace, not a lazy run that still needs one.
    expect(normalisePattern("6 ?pm")).toBe("6\\s*pm");
    expect(normalisePattern("a *b +c")).toBe("a\\s*b\\s+c");
    expect(normalisePattern("[ ?]x ?")).toBe("[ ?]x\\s*");
    const optional = new RegExp(normalisePattern("by \\d ?pm"));
    expect(["by 6pm", "by 6 pm", "by 6  pm"].map((t) => optional.test(t))).toEqual([true, true, true]);
    const def = parseTopicDefinition(
      {
        name: "demo",
        description: "test topic",
        terms: { png: ["Moody's downgrade"] },
        rules: [{ id: "png", all: ["png"], weight: 0.9 }],
      },
      "demo.json",
    );
    const tagger = createTagger([def]);
    expect(tagger.tag("After Moody’s downgrade, bonds fell.")).toHaveLength(1);
    expect(tagger.tag("After Moody's  downgrade, bonds fell.")).toHaveLength(1);
  });
});
