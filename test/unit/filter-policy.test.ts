import { describe, expect, it } from "vitest";
import {
  alertMessageAttributes,
  assertWithinLimits,
  audienceOf,
  buildFilterPolicy,
  describePolicy,
  digestMessageAttributes,
  type FilterPolicy,
  FilterPolicyError,
  matchesFilterPolicy,
  parseTopicList,
  TOPICS_ATTRIBUTE,
  UnknownTopicError,
} from "../../lambdas/core/alerts/filter-policy.ts";

const KNOWN = ["expulsions", "intelligence", "deadline"] as const;

describe("buildFilterPolicy", () => {
  it("allowlists instant alerts on the chosen topics", () => {
    expect(TOPICS_ATTRIBUTE).toBe("topics");
    expect(buildFilterPolicy(["expulsions", "deadline"], KNOWN)).toEqual({
      kind: ["alert"],
      topics: ["expulsions", "deadline"],
      audience: [{ exists: false }, "deadline+expulsions"],
    });
  });

  it("deduplicates and accepts comma lists with stray spaces and case", () => {
    expect(buildFilterPolicy(["Expulsions, deadline", "expulsions"], KNOWN)).toEqual({
      kind: ["alert"],
      topics: ["expulsions", "deadline"],
      audience: [{ exists: false }, "deadline+expulsions"],
    });
  });

  it("adds reminders to instant alerts on the same topics", () => {
    expect(buildFilterPolicy(["deadline"], KNOWN, { reminders: true })).toEqual({
      kind: ["alert", "reminder"],
      topics: ["deadline"],
      audience: [{ exists: false }, "deadline"],
    });
  });

  it("gives a digest subscriber its group (cadence and sorted topics), and reminders through $or", () => {
    expect(buildFilterPolicy(["expulsions", "deadline"], KNOWN, { cadence: "daily" })).toEqual({
      kind: ["digest"],
      digest: ["daily:deadline+expulsions"],
    });
    expect(
      buildFilterPolicy(["intelligence", "deadline"], KNOWN, { cadence: "weekly", reminders: true }),
    ).toEqual({
      $or: [
        { kind: ["digest"], digest: ["weekly:deadline+intelligence"] },
        { kind: ["reminder"], topics: ["intelligence", "deadline"] },
      ],
    });
  });

  it("refuses an unknown cadence, naming the valid ones", () => {
    expect(() => buildFilterPolicy(["deadline"], KNOWN, { cadence: "hourly" as never })).toThrow(
      'unknown cadence "hourly"; valid cadences: instant, daily, weekly',
    );
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

  it("stays within 150 value combinations (topics x audience conditions)", () => {
    const many = Array.from({ length: 76 }, (_, i) => `t${i}`);
    expect(buildFilterPolicy(many.slice(0, 75), many).topics).toHaveLength(75);
    expect(() => buildFilterPolicy(many, many)).toThrow(/at most 150 value combinations, got 152/);
  });
});

describe("assertWithinLimits", () => {
  it("allows at most 5 keys", () => {
    const five = { a: ["1"], b: ["1"], c: ["1"], d: ["1"], e: ["1"] };
    expect(() => assertWithinLimits(five)).not.toThrow();
    expect(() => assertWithinLimits({ ...five, f: ["1"] })).toThrow(/at most 5 keys, got 6/);
  });

  it("counts $or alternatives as SNS does: the sum of each alternative's product", () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `t${i}`);
    const policy: FilterPolicy = {
      $or: [
        { kind: ["digest"], digest: fifty },
        { kind: ["reminder"], topics: fifty },
      ],
    };
    expect(() => assertWithinLimits(policy)).not.toThrow(); // 50 + 50
    expect(() => assertWithinLimits({ ...policy, source: ["a", "b"] })).toThrow(
      /at most 150 value combinations, got 200/,
    );
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
  it("carries the kind and the topics as a String.Array", () => {
    expect(alertMessageAttributes(["expulsions", "deadline"])).toEqual({
      kind: { DataType: "String", StringValue: "alert" },
      topics: { DataType: "String.Array", StringValue: '["expulsions","deadline"]' },
    });
    expect(alertMessageAttributes(["deadline"], "reminder").kind?.StringValue).toBe("reminder");
  });

  it("gives a digest its group and no topics, so no instant policy can match it", () => {
    expect(digestMessageAttributes("daily:deadline")).toEqual({
      kind: { DataType: "String", StringValue: "digest" },
      digest: { DataType: "String", StringValue: "daily:deadline" },
    });
  });
});

describe("routing by kind, cadence and reminders", () => {
  const policy = (topics: string[], o: Parameters<typeof buildFilterPolicy>[2] = {}) =>
    buildFilterPolicy(topics, KNOWN, o);
  const alert = (t: string[]) => alertMessageAttributes(t);
  const reminder = (t: string[]) => alertMessageAttributes(t, "reminder");
  const digest = (g: string) => digestMessageAttributes(g);
  const cases: [string, ReturnType<typeof policy>, Record<string, boolean>][] = [
    [
      "instant",
      policy(["expulsions"]),
      { alert: true, otherAlert: false, reminder: false, daily: false, weekly: false },
    ],
    [
      "instant + reminders",
      policy(["expulsions"], { reminders: true }),
      { alert: true, otherAlert: false, reminder: true, daily: false, weekly: false },
    ],
    [
      "daily",
      policy(["expulsions", "deadline"], { cadence: "daily" }),
      { alert: false, otherAlert: false, reminder: false, daily: true, weekly: false },
    ],
    [
      "weekly + reminders",
      policy(["deadline", "expulsions"], { cadence: "weekly", reminders: true }),
      { alert: false, otherAlert: false, reminder: true, daily: false, weekly: true },
    ],
  ];
  it.each(cases)("%s", (_name, p, expected) => {
    expect({
      alert: matchesFilterPolicy(p, alert(["expulsions", "deadline"])),
      otherAlert: matchesFilterPolicy(p, alert(["intelligence"])),
      reminder: matchesFilterPolicy(p, reminder(["expulsions", "intelligence"])),
      daily: matchesFilterPolicy(p, digest("daily:deadline+expulsions")),
      weekly: matchesFilterPolicy(p, digest("weekly:deadline+expulsions")),
    }).toEqual(expected);
  });

  it("sends a later copy's alert only to the topic sets it names (those the story had not reached)", () => {
    const sets = [["expulsions"], ["deadline"], ["intelligence", "deadline"], ["expulsions", "deadline"]];
    // The story had expulsions; the copy adds deadline.
    const audience = audienceOf(sets, ["deadline"], ["expulsions"]);
    expect(audience).toEqual(["deadline", "deadline+intelligence"]);
    const copy = alertMessageAttributes(["deadline"], "alert", audience);
    const got = (topics: string[]) => matchesFilterPolicy(policy(topics), copy);
    expect(got(["deadline"])).toBe(true);
    expect(got(["intelligence", "deadline"])).toBe(true);
    expect(got(["expulsions", "deadline"])).toBe(false); // alerted by the first copy already
    expect(got(["expulsions"])).toBe(false);
    // A first alert carries no audience: every instant subscriber of its topics gets it.
    expect(matchesFilterPolicy(policy(["expulsions", "deadline"]), alert(["deadline"]))).toBe(true);
  });

  it("sends another group's digest to no one", () => {
    const p = policy(["expulsions", "deadline"], { cadence: "daily" });
    expect(matchesFilterPolicy(p, digest("daily:expulsions"))).toBe(false);
    expect(matchesFilterPolicy(p, digest("daily:deadline+expulsions+intelligence"))).toBe(false);
  });

  it("reads back cadence, topics and reminders from every shape it builds, and nothing else", () => {
    for (const [cadence, reminders] of [
      ["instant", false],
      ["instant", true],
      ["daily", false],
      ["weekly", true],
    ] as const) {
      const p = policy(["intelligence", "deadline"], { cadence, reminders });
      expect(describePolicy(p)).toEqual({
        topics:
          cadence === "instant" || reminders ? ["intelligence", "deadline"] : ["deadline", "intelligence"],
        cadence,
        reminders,
      });
    }
    // The older { topics } shape receives alerts and reminders on its topics.
    expect(describePolicy({ topics: ["deadline"] })).toEqual({
      topics: ["deadline"],
      cadence: "instant",
      reminders: true,
    });
    expect(describePolicy({ kind: ["alert"], topics: ["deadline"], source: ["wire"] })).toBeUndefined();
    expect(describePolicy({ kind: ["digest"], digest: ["hourly:deadline"] })).toBeUndefined();
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

  it("matches any $or alternative, each with its keys AND-ed", () => {
    const policy: FilterPolicy = {
      $or: [
        { kind: ["digest"], digest: ["daily:deadline"] },
        { kind: ["reminder"], topics: ["deadline"] },
      ],
    };
    expect(matchesFilterPolicy(policy, digestMessageAttributes("daily:deadline"))).toBe(true);
    expect(matchesFilterPolicy(policy, alertMessageAttributes(["deadline"], "reminder"))).toBe(true);
    expect(matchesFilterPolicy(policy, alertMessageAttributes(["deadline"]))).toBe(false);
    expect(matchesFilterPolicy(policy, alertMessageAttributes(["expulsions"], "reminder"))).toBe(false);
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
