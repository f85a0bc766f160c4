import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTopic, normalisePattern } from "../../../lambdas/core/tagger/definition.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";
import { factorAlternatives, splitAlternatives } from "../../../lambdas/core/tagger/prefilter.ts";

describe("prefilter factoring", () => {
  it("splits alternatives only at the top level", () => {
    expect(splitAlternatives("a|b(?:c|d)|[|]|\\|e")).toEqual(["a", "b(?:c|d)", "[|]", "\\|e"]);
  });

  it("groups alternatives by first character and expands small leading groups", () => {
    expect(factorAlternatives(["expel", "eject", "(?:has|had) until", "(?:x)?y", "\\d+ days"])).toBe(
      "(?:e(?:xpel|ject)|h(?:as until|ad until)|(?:x)?y|\\d+ days)",
    );
  });

  it("drops an alternative that a plain word before it already covers, unless a quantifier follows the word", () => {
    // "diplomat" matches wherever "diplomats? staff" does (no trailing boundary); "diplomat?x" also matches
    // "diplomax", which "diplomat" does not.
    expect(factorAlternatives(["diplomat", "diplomats? staff", "diplomat?x", "dossier"])).toBe(
      "(?:d(?:iplomat|iplomat?x|ossier))",
    );
    const shrunk = new RegExp(`\\b${factorAlternatives(["diplomat", "diplomats? staff"])}`, "i");
    for (const text of ["the diplomats staff", "a diplomat", "diplomatic"])
      expect(shrunk.test(text)).toBe(true);
  });

  it("matches exactly where the plain alternation of the shipped anchors matches", () => {
    const anchors = loadTopicDefinitions()
      .map(compileTopic)
      .flatMap((t) => t.anchorPatterns.map(normalisePattern));
    const plain = new RegExp(`\\b(?:${anchors.join("|")})`, "gi");
    const factored = new RegExp(`\\b${factorAlternatives(anchors)}`, "gi");
    const word = fc.constantFrom(
      "Estmark",
      "expels",
      "expulsion",
      "diplomats",
      "has",
      "until",
      "the",
      "end",
      "of",
      "May",
      "given",
      "48",
      "hours",
      "to",
      "leave",
      "by",
      "Sunday",
      "within",
      "deadline",
      "spy",
      "CIA",
      "intelligence",
      "caps",
      "number",
      "ordered",
      "close",
      "consulate",
      "persona",
      "non",
      "grata",
      "no",
      "later",
      "than",
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 30 }), (ws) => {
        const text = ws.join(" ");
        const a = [...text.matchAll(plain)].map((m) => m.index);
        const b = [...text.matchAll(factored)].map((m) => m.index);
        expect(b).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });
});
