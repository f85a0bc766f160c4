/**
 * lowerCasedPattern's contract, checked by what a topic would find: where it gives a pattern, that pattern run on
 * the lower-cased text matches at the same place and length as the case-insensitive original on the text as
 * written (so a group or trigger finds the same words either way); where it cannot promise that, it gives
 * nothing and the case-insensitive pattern is kept. Patterns use the shapes topic files use: code escapes in and
 * out of classes, ranges over accented capitals, named groups and back-references, look-behinds, properties.
 */
import { describe, expect, it } from "vitest";
import { lowerCasedPattern } from "../../../lambdas/core/tagger/lower-case.ts";

const casings = (t: string) => [
  t,
  t.toUpperCase(),
  t.toLowerCase(),
  t.replace(/\b\w/g, (c) => c.toUpperCase()),
];

const sameMatches = (source: string, texts: string[], flags = "") => {
  const lowered = lowerCasedPattern(source);
  expect(lowered, `no lower-cased form for ${source}`).toBeDefined();
  const original = new RegExp(source, `i${flags}`);
  const lower = new RegExp(lowered as string, flags);
  for (const text of texts.flatMap(casings)) {
    const a = original.exec(text);
    const b = lower.exec(text.toLowerCase());
    expect(b && [b.index, b[0].length], `${source} on ${JSON.stringify(text)}`).toEqual(
      a && [a.index, a[0].length],
    );
  }
};

describe("a lower-cased pattern finds what the case-insensitive one finds", () => {
  it.each([
    [
      "a code escape for a capital outside a class",
      "\\u0045xpel",
      ["The envoys expel staff.", "no match here"],
    ],
    ["a hex escape for a capital", "\\x45xpel", ["They expel.", "Xpel alone"]],
    ["code escapes inside a class", "[\\u0044\\u0045]iplomat", ["A diplomat left.", "Eiplomat", "Fiplomat"]],
    ["a range written with code escapes", "[\\u0041-\\u0046]gent", ["an agent", "the Fgent", "a Ggent"]],
    ["a class of capitals", "[DE]xpel", ["dxpel", "the expel", "fxpel"]],
    [
      "a range of accented capitals, leaving out what lies between their lower cases",
      "[À-Þ]x",
      ["àx", "Þx", "÷x", "×x", "ßx"],
    ],
    ["an escaped class member that is not a letter", "[\\-\\.]spy", ["counter-spy", "a.spy", "a spy"]],
    ["a class ending in a dash", "[A-]spy", ["aspy", "-spy", "bspy"]],
    ["a named group and its back-reference", "(?<Tw>ta)\\k<Tw>", ["Tata Motors", "tat"]],
    ["two group names that differ only in case", "(?<Q>q)(?<q>r)\\k<Q>", ["QRQ", "qrq", "qrr"]],
    ["look-behinds are not group names", "(?<=A)gent(?<!X)", ["an agent", "Agent", "xgent"]],
    ["a negative look-behind before a capital", "(?<!N)ATO", ["NATO", "a tomato", "Plato"]],
    ["an escaped bracket and a class after it", "\\[[A-C]\\]", ["[b]", "[D]"]],
    ["a negated class", "[^A-C]py", ["spy", "apy", "Cpy"]],
  ])("%s", (_what, source, texts) => {
    sameMatches(source, texts);
  });

  it("a cased-letter property widens to any letter (unicode patterns)", () => {
    sameMatches("\\p{Lu}\\p{Ll}+ said", ["Novak said", "NOVAK SAID", "Émile said"], "u");
    sameMatches("\\p{Lowercase_Letter}\\p{Uppercase_Letter}", ["aB", "AB", "ab"], "u");
  });

  it("gives nothing where a superset is not certain", () => {
    // A range whose end comes before its start, or one so wide its lower cases cannot be listed.
    expect(lowerCasedPattern("[Z-A]")).toBeUndefined();
    expect(lowerCasedPattern("[\\u0041-\\uFFFF]")).toBeUndefined();
    // A capital whose lower case is longer (İ, U+0130): text holding it is matched with the original pattern.
    expect(lowerCasedPattern("[\\u0130]")).toBeUndefined();
    expect(lowerCasedPattern("\\u0130stanbul")).toBeUndefined();
    // An unterminated property, group name or back-reference.
    expect(lowerCasedPattern("\\p{Lu")).toBeUndefined();
    expect(lowerCasedPattern("(?<Name")).toBeUndefined();
    expect(lowerCasedPattern("\\k<Name")).toBeUndefined();
    // A code escape that is not one (too short, or not hex).
    expect(lowerCasedPattern("\\u00")).toBeUndefined();
    expect(lowerCasedPattern("\\xZZ")).toBeUndefined();
  });
});
