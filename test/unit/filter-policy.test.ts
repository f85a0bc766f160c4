import { describe, expect, it } from "vitest";
import {
  alertMessageAttributes,
  assertWithinLimits,
  buildFilterPolicy,
  FilterPolicyError,
  matchesFilterPolicy,
  parseTopicList,
  TOPICS_ATTRIBUTE,
  UnknownTopicError,
} from "../../lambdas/core/alerts/filter-policy.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"] as const;

describe("buildFilterPolicy", () => {
  it("allowlists the chosen topics on the topics attribute", () => {
    expect(TOPICS_ATTRIBUTE).toBe("topics");
    expect(buildFilterPolicy(["expulsions", "deadline"], KNOWN)).toEqual({
      topics: ["expulsions", "deadline"],
    });
  });

  it("deduplicates and accepts comma lists with stray spaces and case", () => {
    expect(buildFilterPolicy(["Expulsions, deadline", "expulsions"], KNOWN)).toEqual({
      topics: ["expulsions", "deadline"],
    });
  });

  it("rejects an unknown topic naming the valid ones", () => {
    expect(() => buildFilterPolicy(["nosuchtopic"], KNOWN)).toThrow(UnknownTopicError);
    expect(() => buildFilterPolicy(["expulsions", "nosuchtopic"], KNOWN)).toThrow(
      'unknown topic "nosuchtopic"; valid topics: expulsions, intelligence, deadline',
    );
  });

  it("rejects an empty topic list", () => {
    expect(() => buildFilterPolicy([], KNOWN)).toThrow(FilterPolicyError);
    expect(() => buildFilterPolicy([" , "], KNOWN)).toThrow(/at least one topic; valid topics: expulsions/);
  });

  it("stays within 150 value combinations", () => {
    const many = Array.from({ length: 151 }, (_, i) => `t${i}`);
    expect(buildFilterPolicy(many.slice(0, 150), many).topics).toHaveLength(150);
    expect(() => buildFilterPolicy(many, many)).toThrow(/at most 150 value combinations, got 151/);
  });
});

describe("assertWithinLimits", () => {
  it("allows at most 5 keys", () => {
    const five = { a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"] };
    expect(() => assertWithinLimits(five)).not.toThrow();
    expect(() => assertWithinLimits({ ...five, f: ["1"] })).toThrow(/at most 5 keys, got 6/);
  });

  it("multiplies values across keys", () => {
    const tenByFifteen = {
      a: Array.from({ length: 10 }, (_, i) => `${i}`),
      b: Array.from({ length: 15 }, (_, i) => `${i}`),
    };
    expect(() => assertWithinLimits(tenByFifteen)).not.toThrow();
    expect(() => assertWithinLimits({ ...tenByFifteen, c: ["x", "y"] })).toThrow(/got 300/);
  });
});

describe("alertMessageAttributes", () => {
  it("carries the topics as a String.Array", () => {
    expect(alertMessageAttributes(["expulsions", "deadline"])).toEqual({
      topics: { DataType: "String.Array", StringValue: '["expulsions","deadline"]' },
    });
  });
});

describe("matchesFilterPolicy", () => {
  const attrs = (topics: string[]) => alertMessageAttributes(topics);

  it("matches when any array element is allowlisted", () => {
    const policy = buildFilterPolicy(["deadline"], KNOWN);
    expect(matchesFilterPolicy(policy, attrs(["expulsions", "deadline"]))).toBe(true);
    expect(matchesFilterPolicy(policy, attrs(["expulsions", "intelligence"]))).toBe(false);
    expect(matchesFilterPolicy(policy, attrs([]))).toBe(false);
  });

  it("matches plain String attributes", () => {
    const policy = { topics: ["deadline"] };
    expect(matchesFilterPolicy(policy, { topics: { DataType: "String", StringValue: "deadline" } })).toBe(
      true,
    );
    expect(matchesFilterPolicy(policy, { topics: { DataType: "String", StringValue: "dead" } })).toBe(false);
  });

  it("does not match a message without the attribute, unless the policy asks for its absence", () => {
    expect(matchesFilterPolicy({ topics: ["deadline"] }, {})).toBe(false);
    expect(matchesFilterPolicy({ topics: ["deadline"] }, undefined)).toBe(false);
    expect(matchesFilterPolicy({ topics: [{ exists: false }] }, {})).toBe(true);
    expect(matchesFilterPolicy({ topics: [{ exists: true }] }, attrs(["x"]))).toBe(true);
  });

  it("delivers everything when there is no policy", () => {
    expect(matchesFilterPolicy(undefined, {})).toBe(true);
  });

  it("supports prefix and anything-but", () => {
    expect(matchesFilterPolicy({ topics: [{ prefix: "intel" }] }, attrs(["intelligence"]))).toBe(true);
    expect(matchesFilterPolicy({ topics: [{ prefix: "intel" }] }, attrs(["deadline"]))).toBe(false);
    expect(matchesFilterPolicy({ topics: [{ "anything-but": ["deadline"] }] }, attrs(["deadline"]))).toBe(
      false,
    );
    expect(
      matchesFilterPolicy({ topics: [{ "anything-but": ["deadline"] }] }, attrs(["deadline", "expulsions"])),
    ).toBe(true);
  });

  it("requires every key to match", () => {
    const policy = { topics: ["deadline"], source: ["wire"] };
    const both = { ...attrs(["deadline"]), source: { DataType: "String", StringValue: "wire" } };
    expect(matchesFilterPolicy(policy, both)).toBe(true);
    expect(matchesFilterPolicy(policy, attrs(["deadline"]))).toBe(false);
  });
});

describe("parseTopicList", () => {
  it("splits commas and repeated values", () => {
    expect(parseTopicList(["a,b", " C "])).toEqual(["a", "b", "c"]);
  });
});
