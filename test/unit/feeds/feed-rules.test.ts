/**
 * The feed rules a person meets on the command line (`--every` within [5 minutes, 7 days], its spellings and how
 * it is shown back) and the backoff limits the poller applies.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lambdas/core/errors.ts";
import {
  definition,
  feedIdOf,
  feedUrl,
  formatEvery,
  MAX_EVERY_MINUTES,
  MIN_EVERY_MINUTES,
  nextPollAfterFailure,
  parseEvery,
} from "../../../lambdas/core/feeds/feed.ts";

const NOW = new Date("2026-05-14T09:00:00Z");

describe("--every", () => {
  it("accepts exactly 5 minutes and exactly 7 days, and nothing outside", () => {
    expect(MIN_EVERY_MINUTES).toBe(5);
    expect(MAX_EVERY_MINUTES).toBe(7 * 24 * 60);
    expect(parseEvery("5m")).toBe(5);
    expect(parseEvery("7d")).toBe(10_080);
    expect(parseEvery(10_080)).toBe(10_080);
    expect(() => parseEvery("4m")).toThrow(ValidationError);
    expect(() => parseEvery(10_081)).toThrow('--every must be between 5m and 7d, got "10081"');
  });

  it.each([
    [" 2H ", 120],
    ["3 hours", 180],
    ["1 hour", 60],
    ["2 days", 2880],
    ["1day", 1440],
    ["10min", 10],
    ["10 mins", 10],
    ["1.5h", 90],
    ["5.4", 5],
  ])("reads %j as %d minutes", (raw, minutes) => expect(parseEvery(raw)).toBe(minutes));

  it("names what it could not read", () => {
    expect(() => parseEvery("every morning at seven")).toThrow(
      '--every must look like 15m, 2h or 1d, got "every morning at sev"',
    );
    expect(() => parseEvery("15 weeks")).toThrow(/must look like 15m/);
  });

  it("is shown back in the largest whole unit", () => {
    expect(formatEvery(2880)).toBe("2d");
    expect(formatEvery(1440)).toBe("1d");
    expect(formatEvery(120)).toBe("2h");
    expect(formatEvery(90)).toBe("90m");
    expect(formatEvery(15)).toBe("15m");
  });
});

describe("definitions", () => {
  it("takes the interval and fetch mode given", () => {
    expect(definition({ url: "https://quay.test/rss", every: "2h", fetch: "page" })).toEqual({
      url: "https://quay.test/rss",
      everyMinutes: 120,
      fetch: "page",
    });
  });

  it("refuses a URL with a code the CLI and API report", () => {
    let error: unknown;
    try {
      feedUrl("ftp://quay.test/rss");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: "invalid_url" });
    expect((error as Error).message).toMatch(/^feed URL: /);
  });

  it("gives a feed a 16-hex-digit id from its URL", () => {
    expect(feedIdOf("https://quay.test/rss")).toMatch(/^[0-9a-f]{16}$/);
    expect(feedIdOf("https://quay.test/rss")).not.toBe(feedIdOf("https://quay.test/rss2"));
  });
});

describe("backoff", () => {
  const feed = { url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" as const };
  const wait = (n: number, retry?: number) =>
    (new Date(nextPollAfterFailure(feed, n, NOW, retry)).getTime() - NOW.getTime()) / 60_000;

  it("waits the interval itself for a first failure (and for a count of none)", () => {
    expect(wait(1)).toBe(15);
    expect(wait(0)).toBe(15);
  });

  it("never waits more than a day for a Retry-After, and never less than the backoff", () => {
    expect(wait(1, 10 * 86_400)).toBe(1440);
    expect(wait(3, 60)).toBe(60);
    expect(wait(1, 1_800)).toBe(30);
  });
});
