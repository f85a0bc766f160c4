/**
 * Triggers run on lower-cased text without the `i` flag (V8 compiles and scans such patterns several times
 * faster). The transformed pattern must match wherever the case-insensitive one does, or a topic would be lost.
 */
import { describe, expect, it } from "vitest";
import {
  caseInsensitiveTest,
  compileTopic,
  groupOccurs,
  triggerRegExp,
} from "../../../lambdas/core/tagger/definition.ts";
import { unionOf } from "../../../lambdas/core/tagger/engine.ts";
import { loadTopicDefinitions } from "../../../lambdas/core/tagger/load.ts";
import { lowerCasedPattern } from "../../../lambdas/core/tagger/lower-case.ts";

describe("lowerCasedPattern", () => {
  it.each([
    ["literal letters", "Expel(?:s|led)", "expel(?:s|led)"],
    [
      "classes and ranges (a range keeps its span and adds the lower case of the rest)",
      "[A-Z][Ee]m",
      "[A-Z\\u0061-\\u007a][ee]m",
    ],
    ["ranges written as code escapes", "[0-9_\\u00C0-\\u00C3]", "[0-9_\\u00C0-\\u00C3\\u00e0-\\u00e3]"],
    ["a negated class", "[^A-C]x", "[^A-C\\u0061-\\u0063]x"],
    ["an escaped upper-case letter", "\\u0041b[\\u0042]", "\\u0061b[\\u0062]"],
    ["escapes keep their letter", "\\bSpy\\s+\\S+\\d\\W\\D\\B", "\\bspy\\s+\\S+\\d\\W\\D\\B"],
    ["cased-letter properties widen to any letter", "\\p{Lu}[\\p{L}-]+\\p{Ll}", "\\p{L}[\\p{L}-]+\\p{L}"],
    ["other properties stay", "\\p{Script=Cyrillic}", "\\p{Script=Cyrillic}"],
    ["group names and back-references stay", "(?<When>Mon)\\k<When>", "(?<When>mon)\\k<When>"],
    ["look-arounds are not names", "(?<!X)(?<=Y)(?=Z)(?!W)", "(?<!x)(?<=y)(?=z)(?!w)"],
    ["accented letters", "CHARG[ÉE]S", "charg[ée]s"],
  ])("%s", (_name, source, expected) => {
    expect(lowerCasedPattern(source)).toBe(expected);
  });

  it.each([
    ["a negated cased property", "\\P{Lu}"],
    ["a control escape", "\\cA"],
    ["a letter whose lower case is longer", "İstanbul"],
  ])("gives up on %s (the case-insensitive pattern is kept)", (_name, source) => {
    expect(lowerCasedPattern(source)).toBeUndefined();
    const kept = caseInsensitiveTest(new RegExp(source, "iu"));
    expect(kept.lower).toBe(false);
    expect(kept.re.flags).toContain("i");
  });

  it("leaves a case-sensitive or global pattern alone", () => {
    expect(caseInsensitiveTest(/CIA/).lower).toBe(false);
    expect(caseInsensitiveTest(/cia/gi).lower).toBe(false);
  });
});

describe("the shipped triggers on lower-cased text", () => {
  const topics = loadTopicDefinitions().map(compileTopic);
  const union = caseInsensitiveTest(unionOf(topics));

  it("every shipped trigger and the all-topics prefilter take the fast form", () => {
    expect(union.lower).toBe(true);
    expect(union.re.flags).not.toContain("i");
    for (const t of topics) expect(t.scan.lower, t.name).toBe(true);
  });

  // Our own sentences, each in several casings: the fast form must agree with the case-insensitive trigger.
  const SENTENCES = [
    "Prague ordered three Russian diplomats to leave the country within 72 hours.",
    "The ministry declared the attaché persona non grata on Tuesday.",
    "Counter-intelligence officers arrested a suspected spy near the naval base.",
    "Shareholders have until 5 p.m. EST on March 3 to tender their shares.",
    "The offer expires at midnight on Friday unless it is extended.",
    "Wheat futures closed higher in Chicago on strong export demand.",
    "The Foreign Ministry summoned the chargé d'affaires over the expulsions.",
    "Applications must be filed no later than June 30.",
    "The satellite will spy on two moons of Jupiter, the agency said.",
    "Hamburg-based traders said the market was quiet.",
  ];
  const casings = (s: string) => [
    s,
    s.toUpperCase(),
    s.toLowerCase(),
    s.replace(/\b\w/g, (c) => c.toUpperCase()),
    [...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(""),
  ];
  it("agrees with the case-insensitive trigger on every casing of our sentences", () => {
    let hits = 0;
    for (const sentence of SENTENCES)
      for (const text of casings(sentence)) {
        const slow = unionOf(topics).test(text);
        expect(union.re.test(text.toLowerCase()), text).toBe(slow);
        if (slow) hits++;
        for (const t of topics)
          expect(t.scan.re.test(t.scan.lower ? text.toLowerCase() : text), `${t.name}: ${text}`).toBe(
            triggerRegExp(t.scanPatterns).test(text),
          );
      }
    // The sentences exercise the triggers: most of them fire.
    expect(hits).toBeGreaterThan(SENTENCES.length * 3);
  });

  it("every case-insensitive rule group takes the fast form, and finds the same matches at the same places", () => {
    let lowered = 0;
    let matched = 0;
    for (const t of topics)
      for (const g of t.groups) {
        if (!g.lower) continue;
        lowered++;
        for (const sentence of SENTENCES)
          for (const text of casings(sentence)) {
            const lower = text.toLowerCase();
            expect(groupOccurs(g.lower, lower), `${t.name}/${g.name}: ${text}`).toBe(
              groupOccurs(g.all, text),
            );
            const at = (re: RegExp, s: string) => [...s.matchAll(re)].map((m) => [m.index, m[0].length]);
            const slow = at(g.all, text);
            expect(at(g.lower, lower), `${t.name}/${g.name}: ${text}`).toEqual(slow);
            if (slow.length) matched++;
          }
      }
    const insensitive = topics.flatMap((t) => t.groups).filter((g) => g.all.flags.includes("i"));
    expect(lowered).toBe(insensitive.length);
    expect(matched).toBeGreaterThan(50);
  });
});
