/**
 * Topic definition validation beyond the first field: each error names the file and the exact field (an object
 * term group's `patterns`, a document veto, an `unless` group, an `exceptRules` id), and a pattern is compiled the
 * way the tagger will compile it (with the `u` flag only when it uses `\p{...}`), so a file that loads also runs.
 */
import { describe, expect, it } from "vitest";
import {
  createTagger,
  parseTopicDefinition,
  TopicDefinitionError,
} from "../../../lambdas/core/tagger/index.ts";

const valid = {
  name: "port-strikes",
  description: "Dock workers stopping work at a port.",
  terms: {
    strike: ["strike", "walkout"],
    port: { patterns: ["port", "docks?"], caseSensitive: false },
    review: ["film", "episode"],
    drill: ["drill"],
  },
  rules: [{ id: "port-strike", all: ["strike", "port"], near: 8, weight: 0.8 }],
};

const errorOf = (json: unknown): string => {
  try {
    parseTopicDefinition(json, "topics/port-strikes.json");
  } catch (error) {
    expect(error).toBeInstanceOf(TopicDefinitionError);
    return (error as Error).message;
  }
  throw new Error("the definition was accepted");
};

describe("topic definition errors name the field", () => {
  it("an invalid pattern in an object term group is under .patterns, at its index", () => {
    const json = { ...valid, terms: { ...valid.terms, port: { patterns: ["port", "dock(s"] } } };
    expect(errorOf(json)).toMatch(
      /^topics\/port-strikes\.json: terms\.port\.patterns\[1\]: invalid regular expression: /,
    );
  });

  it("an invalid pattern in a list term group has no .patterns in its path", () => {
    const json = { ...valid, terms: { ...valid.terms, strike: ["strike", "walk[out"] } };
    expect(errorOf(json)).toMatch(/: terms\.strike\[1\]: invalid regular expression: /);
  });

  it("a \\p{...} property that does not exist is refused (patterns using \\p are compiled with the u flag)", () => {
    const json = { ...valid, terms: { ...valid.terms, strike: ["\\p{Nonsense}+strike"] } };
    expect(errorOf(json)).toMatch(/: terms\.strike\[0\]: invalid regular expression: /);
  });

  it("an escape that only unicode mode refuses is accepted in a pattern without \\p (no u flag), but not in an anchor", () => {
    const json = { ...valid, terms: { ...valid.terms, port: ["co\\-operative docks"] } };
    expect(parseTopicDefinition(json, "x.json").terms.port).toEqual(["co\\-operative docks"]);
  });

  it("a pattern valid as written but not as compiled (a literal space becomes a run of whitespace) is refused at load", () => {
    // " {5}" is five spaces as written, but the tagger compiles a literal space as \s+, and "\s+{5}" is no regex.
    const json = { ...valid, terms: { ...valid.terms, review: ["(?<= {5})film"] } };
    expect(errorOf(json)).toMatch(
      /: terms\.review\[0\]: invalid regular expression: .*a literal space matches a run/,
    );
    const fixed = { ...valid, terms: { ...valid.terms, review: ["(?<=\\s{5})film"] } };
    expect(parseTopicDefinition(fixed, "x.json").terms.review).toEqual(["(?<=\\s{5})film"]);
  });

  it("a macro that expands to an invalid pattern is refused at the pattern that uses it", () => {
    const json = { ...valid, macros: { DOCK: "dock(s" }, terms: { ...valid.terms, port: ["{DOCK}"] } };
    expect(errorOf(json)).toMatch(/: terms\.port\[0\]: invalid regular expression: /);
  });

  it("an unknown veto group is named with its index", () => {
    expect(errorOf({ ...valid, vetoes: ["drill", "exercise"] })).toBe(
      'topics/port-strikes.json: vetoes[1]: unknown term group "exercise"',
    );
  });

  it("an unknown document-veto group is named with its index", () => {
    const json = { ...valid, documentVetoes: [{ group: "reviews", minDistinct: 2 }] };
    expect(errorOf(json)).toBe('topics/port-strikes.json: documentVetoes[0]: unknown term group "reviews"');
  });

  it("an exceptRules id that names no rule is refused, with both indexes", () => {
    const json = {
      ...valid,
      documentVetoes: [
        { group: "review", minDistinct: 2, exceptRules: ["port-strike"] },
        { group: "review", minDistinct: 3, exceptRules: ["port-strike", "dock-strike"] },
      ],
    };
    expect(errorOf(json)).toBe(
      'topics/port-strikes.json: documentVetoes[1].exceptRules[1]: unknown rule "dock-strike"',
    );
  });

  it("an anchor's pattern must also compile with the u flag, as the prefilter's union of every anchor may", () => {
    const json = { ...valid, terms: { ...valid.terms, strike: ["strike", 'said [\\"]?strike'] } };
    expect(errorOf(json)).toMatch(
      /^topics\/port-strikes\.json: terms\.strike\[1\]: invalid regular expression: .*with the u flag, as the prefilter compiles anchors/,
    );
  });

  it("a rule set stands for its list in exceptRules; an unknown set or an unknown id in a set is refused", () => {
    const withSet = (ruleSets: Record<string, string[]>, exceptRules: string[]) => ({
      ...valid,
      ruleSets,
      documentVetoes: [{ group: "review", minDistinct: 1, exceptRules }],
    });
    expect(errorOf(withSet({ strikes: ["port-strike"] }, ["@docks"]))).toBe(
      'topics/port-strikes.json: documentVetoes[0].exceptRules[0]: unknown rule set "@docks"',
    );
    expect(errorOf(withSet({ strikes: ["port-strike", "dock-strike"] }, ["@strikes"]))).toBe(
      'topics/port-strikes.json: ruleSets.strikes[1]: unknown rule "dock-strike"',
    );
    // The veto is lifted when a rule of the set fired, as if the set's ids were listed.
    const tagger = createTagger([
      parseTopicDefinition(withSet({ strikes: ["port-strike"] }, ["@strikes"]), "x.json"),
    ]);
    expect(tagger.tag("The film opens with a strike at the port.").map((t) => t.topic)).toEqual([
      "port-strikes",
    ]);
    const vetoed = createTagger([parseTopicDefinition(withSet({ strikes: [] }, ["@strikes"]), "x.json")]);
    expect(vetoed.tag("The film opens with a strike at the port.")).toEqual([]);
  });

  it("an exceptRules id that names a rule is accepted", () => {
    const json = {
      ...valid,
      documentVetoes: [{ group: "review", minDistinct: 2, exceptRules: ["port-strike"] }],
    };
    expect(parseTopicDefinition(json, "x.json").documentVetoes[0]?.exceptRules).toEqual(["port-strike"]);
  });

  it("an exceptGroups name that is no term group is refused, with the veto's index", () => {
    const json = {
      ...valid,
      documentVetoes: [{ group: "review", minDistinct: 2, exceptGroups: ["drill", "documentary"] }],
    };
    expect(errorOf(json)).toBe(
      'topics/port-strikes.json: documentVetoes[0].exceptGroups[1]: unknown term group "documentary"',
    );
  });

  it("a documentVetoes scope other than document or sentence is refused, naming the field", () => {
    const json = { ...valid, documentVetoes: [{ group: "review", minDistinct: 2, scope: "paragraph" }] };
    expect(errorOf(json)).toMatch(/^topics\/port-strikes\.json: documentVetoes\[0\]\.scope: /);
    const ok = { ...valid, documentVetoes: [{ group: "review", minDistinct: 2, scope: "sentence" }] };
    expect(parseTopicDefinition(ok, "x.json").documentVetoes[0]?.scope).toBe("sentence");
  });

  it("an unknown unless group is named with the rule's index", () => {
    const json = {
      ...valid,
      rules: [
        valid.rules[0],
        { id: "dock-strike", all: ["strike"], unless: ["drill", "exercise"], weight: 0.5 },
      ],
    };
    expect(errorOf(json)).toBe('topics/port-strikes.json: rules[1].unless[1]: unknown term group "exercise"');
  });

  it("a group is known only as the definition's own term, not as an inherited property name", () => {
    const json = { ...valid, rules: [{ id: "r", all: ["strike", "toString"], weight: 0.5 }] };
    expect(errorOf(json)).toBe('topics/port-strikes.json: rules[0].all[1]: unknown term group "toString"');
  });

  it("several schema problems are all listed, each with its path, nested indexes in brackets", () => {
    const json = {
      ...valid,
      rules: [
        { id: "r", all: ["strike"], weight: 0.5 },
        { id: "s", all: [], weight: 0 },
      ],
    };
    const message = errorOf(json);
    expect(message).toMatch(
      /^topics\/port-strikes\.json: rules\[1\]\.all: a rule needs at least one term group/,
    );
    expect(message).toContain("; rules[1].weight: ");
  });

  it("a problem with the whole document is reported at (root)", () => {
    expect(errorOf([valid])).toMatch(/^topics\/port-strikes\.json: \(root\): /);
  });

  it("an object term group without patterns is named by its key path, joined with dots", () => {
    const json = { ...valid, terms: { ...valid.terms, port: { patterns: [] } } };
    expect(errorOf(json)).toBe(
      "topics/port-strikes.json: terms.port.patterns: a term group needs at least one pattern",
    );
  });
});
