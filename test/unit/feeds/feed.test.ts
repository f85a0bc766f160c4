import { describe, expect, it } from "vitest";
import {
  definition,
  feedIdOf,
  isDue,
  nextPollAfterFailure,
  nextPollAfterSuccess,
  parseEvery,
} from "../../../lambdas/core/feeds/feed.ts";

const NOW = new Date("2026-05-14T09:00:00Z");
const feed = { url: "https://quay.test/rss", everyMinutes: 15, fetch: "summary" as const };

describe("feed definitions", () => {
  it.each([
    ["15m", 15],
    ["5", 5],
    ["2h", 120],
    ["1d", 1440],
    ["90 minutes", 90],
  ])("--every %s is %d minutes", (raw, minutes) => expect(parseEvery(raw)).toBe(minutes));

  it.each(["1m", "8d", "soon", "-5m"])("refuses --every %s", (raw) =>
    expect(() => parseEvery(raw)).toThrow(/--every/),
  );

  it("validates the URL and the fetch mode, and gives the same URL the same id", () => {
    expect(definition({ url: " https://quay.test/rss " })).toEqual(feed);
    expect(() => definition({ url: "file:///etc/passwd" })).toThrow(/only http and https/);
    expect(() => definition({ url: feed.url, fetch: "full" })).toThrow(/--fetch must be "page" or "summary"/);
    expect(feedIdOf(feed.url)).toBe(feedIdOf(definition({ url: feed.url }).url));
  });
});

describe("scheduling", () => {
  it("is due again `every` minutes after a success", () => {
    expect(nextPollAfterSuccess(feed, NOW)).toBe("2026-05-14T09:15:00.000Z");
  });

  it("backs off by doubling per consecutive failure, at most a day, and honours Retry-After", () => {
    const waitMinutes = (n: number, retry?: number) =>
      (new Date(nextPollAfterFailure(feed, n, NOW, retry)).getTime() - NOW.getTime()) / 60_000;
    expect([1, 2, 3, 4, 10, 20].map((n) => waitMinutes(n))).toEqual([15, 30, 60, 120, 1440, 1440]);
    expect(waitMinutes(1, 3600)).toBe(60);
  });

  it("is due when never polled or when its time has come", () => {
    expect(isDue({}, NOW)).toBe(true);
    expect(isDue({ nextPollAt: "2026-05-14T09:00:00Z" }, NOW)).toBe(true);
    expect(isDue({ nextPollAt: "2026-05-14T09:00:01Z" }, NOW)).toBe(false);
  });
});
