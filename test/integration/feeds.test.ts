/**
 * The feed poller through the real handler on the embedded backend, fetching from a loopback HTTP server with the
 * real safe fetcher (loopback allowed for this test, as the local replay allows it; every other refusal applies).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedBackend } from "../../cli/local/embedded-backend.ts";
import { type ReplayResult, replayEvent } from "../../cli/local/replay-runner.ts";
import { DynamoFeedStore } from "../../lambdas/adapters/dynamo-feed-store.ts";
import { SafeFetcher } from "../../lambdas/adapters/safe-fetcher.ts";
import { feedIdOf } from "../../lambdas/core/feeds/feed.ts";
import type { FeedPollOutcome } from "../../lambdas/core/feeds/poll.ts";
import { startTestBackend, tableContents } from "../support/embedded.ts";
import {
  cacheable,
  DALE_JSON,
  endless,
  FEN_ATOM,
  type FeedServer,
  fixturePage,
  gzipped,
  item,
  MOOR_RDF,
  plain,
  QUAY_RSS,
  redirect,
  rss,
  slow,
  startFeedServer,
} from "../support/feed-server.ts";

const MAX_FEED_BYTES = 200_000;

let server: FeedServer;
let backend: EmbeddedBackend;
let store: DynamoFeedStore;

/** DNS for the test: names that resolve to a private address, one that resolves to public and private. */
const fakeDns = async (host: string) => {
  if (host === "intranet.test") return [{ address: "10.20.30.40", family: 4 }];
  if (host === "mixed.test")
    return [
      { address: "93.184.215.14", family: 4 },
      { address: "192.168.1.9", family: 4 },
    ];
  if (host === "metadata.test") return [{ address: "fd00:ec2::254", family: 6 }];
  throw Object.assign(new Error(`no such host ${host}`), { code: "ENOTFOUND" });
};

const pollEvent = (feeds: { url: string; fetch?: "page" | "summary" }[], time = "2026-05-14T09:00:00Z") => ({
  version: "0",
  source: "wirewatch.schedule",
  "detail-type": "Poll feeds",
  time,
  detail: { feeds },
});
const scheduled = (time: string) => ({
  version: "0",
  source: "wirewatch.schedule",
  "detail-type": "Poll feeds",
  time,
  detail: {},
});

async function poll(
  urls: string[],
  fetch: "page" | "summary" = "summary",
  time?: string,
): Promise<ReplayResult> {
  return replayEvent(
    backend,
    "poll",
    pollEvent(
      urls.map((url) => ({ url, fetch })),
      time,
    ),
  );
}
const outcomes = (r: ReplayResult) => (r.response as { feeds: FeedPollOutcome[] }).feeds;
const outcome = (r: ReplayResult, url: string) => outcomes(r).find((f) => f.url === url) as FeedPollOutcome;

beforeAll(async () => {
  server = await startFeedServer({
    "/quay.xml": cacheable(QUAY_RSS, "application/rss+xml"),
    "/moor.rdf": cacheable(MOOR_RDF, "application/rdf+xml", {
      etag: false,
      lastModified: "Sun, 10 May 2026 12:00:00 GMT",
    }),
    "/fen.atom": cacheable(FEN_ATOM, "application/atom+xml"),
    "/dale.json": plain(DALE_JSON, "application/feed+json"),
    "/short.xml": plain(
      rss(
        "Quay Photos",
        item({ title: "Tall ships arrive for the regatta weekend", guid: "photos-1", description: "Photos" }),
      ),
      "application/rss+xml",
    ),
    "/quay-gzip.xml": gzipped(QUAY_RSS, "application/rss+xml"),
    "/hop1": redirect("/hop2", 301),
    "/hop2": redirect("/hop3", 307),
    "/hop3": redirect("/fen.atom", 308),
    "/loop1": redirect("/loop2"),
    "/loop2": redirect("/loop3"),
    "/loop3": redirect("/loop4"),
    "/loop4": redirect("/quay.xml"),
    "/to-private": redirect("http://10.0.0.7/feed.xml"),
    "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/iam/security-credentials/"),
    "/to-intranet": redirect("http://intranet.test/feed.xml"),
    "/to-mixed": redirect("http://mixed.test/feed.xml"),
    "/to-metadata-v6": redirect("http://metadata.test/"),
    "/to-file": redirect("file:///etc/passwd"),
    "/slow.xml": slow(2_500, plain(QUAY_RSS, "application/rss+xml")),
    "/huge.xml": plain(
      rss("Huge", item({ title: "Big", description: "word ".repeat(60_000) })),
      "application/rss+xml",
      200,
      {
        "content-length": String(
          rss("Huge", item({ title: "Big", description: "word ".repeat(60_000) })).length,
        ),
      },
    ),
    "/endless.xml": endless(5_000_000),
    "/bomb.xml": gzipped(Buffer.alloc(20_000_000, 32), "application/rss+xml"),
    "/home.html": plain(
      "<!doctype html><html><head><title>Quay</title></head><body><p>Welcome to the quay.</p></body></html>",
      "text/html",
    ),
    "/gone.xml": plain("gone", "text/plain", 410),
    "/busy.xml": plain("busy", "text/plain", 503, { "retry-after": "7200" }),
    "/truncated.xml": plain(QUAY_RSS.slice(0, 500), "application/rss+xml"),
    "/latin1.xml": plain(
      Buffer.from(
        rss(
          "Caf\u00e9 Gazette",
          item({
            title: "Caf\u00e9 owners protest new rents",
            guid: "cafe-1",
            description: "Owners of the caf\u00e9s on the quay protested against the new rents.",
          }),
        ),
        "latin1",
      ),
      "application/rss+xml; charset=utf-8",
    ),
    "/laughs.xml": plain(
      `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>${rss("Laughs", item({ title: "&c;", guid: "l" }))}`,
      "application/rss+xml",
    ),
    "/pages.xml": cacheable(
      rss(
        "Harbour Gazette",
        item({
          title: "Dock workers walk out as pay talks collapse",
          link: "/articles/port-strike.html",
          guid: "hg-strike",
          description: "Cranes stood idle after the union rejected a final offer.",
        }) +
          item({
            title: "Lighthouse keepers' cottage to become a museum",
            link: "/articles/missing.html",
            guid: "hg-cottage",
            description:
              "The council approved plans to turn the lighthouse keepers' cottage into a small maritime museum.",
          }),
      ),
      "application/rss+xml",
    ),
    "/articles/port-strike.html": plain(
      fixturePage("harbour-gazette-port-strike"),
      "text/html; charset=utf-8",
    ),
  });
  backend = await startTestBackend({
    feedsFile: null,
    fetcher: new SafeFetcher({ allowLoopback: true, resolve: fakeDns }),
    pollLimits: { feedTimeoutMs: 1_000, pageTimeoutMs: 1_000, maxFeedBytes: MAX_FEED_BYTES },
  });
  store = new DynamoFeedStore(backend.db, backend.tableName);
}, 60_000);

afterAll(async () => {
  await backend?.stop();
  await server?.stop();
});

describe("polling feeds (embedded, loopback server)", () => {
  it("stores each new entry once, through the ingest core, with one alert for the story that matches", async () => {
    const url = server.url("/quay.xml");
    const first = await poll([url]);
    expect(first.error).toBeUndefined();
    expect(outcome(first, url)).toMatchObject({ status: "ok", entries: 2, new: 2, stored: 2 });
    expect(first.stored.map((s) => s.title).sort()).toEqual([
      "Harbour master orders foreign survey ship to leave within 48 hours",
      "Quay tolls to rise by a tenth from June",
    ]);
    const ship = first.stored.find((s) => s.title.startsWith("Harbour master"));
    expect(ship?.text).toMatch(/photographed the naval berths/);
    expect(ship?.url).toBe("https://quay.test/news/survey-ship");
    expect(ship?.publishedAt).toBe("2026-05-13T06:30:00.000Z");
    expect(ship?.tags.map((t) => t.topic)).toContain("deadline");
    expect(first.alerts.filter((a) => a.articleId === ship?.id)).toHaveLength(1);

    // Second poll: a conditional GET with the ETag, answered 304; nothing stored, nothing alerted.
    const second = await poll([url], "summary", "2026-05-14T09:20:00Z");
    expect(outcome(second, url).status).toBe("not_modified");
    expect(server.requests.filter((r) => r.path === "/quay.xml").at(-1)?.headers["if-none-match"]).toMatch(
      /^"/,
    );
    expect(second.stored).toEqual([]);
    expect(second.alerts).toEqual([]);
    const state = await store.get(feedIdOf(url));
    expect(state).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: "2026-05-14T09:20:00.000Z",
      title: "Quay Authority News",
    });
  });

  it("stores nothing new on a second poll of a server without validators (entries are remembered as seen)", async () => {
    const url = server.url("/dale.json");
    expect((await poll([url])).stored.map((s) => s.title)).toEqual(["Dale bridge reopens after repairs"]);
    const again = await poll([url], "summary", "2026-05-14T10:00:00Z");
    expect(outcome(again, url)).toMatchObject({ status: "ok", entries: 1, new: 0, stored: 0 });
    expect(again.stored).toEqual([]);
  });

  it("stores an entry whose text is a single word with its headline, not as too short", async () => {
    const result = await poll([server.url("/short.xml")]);
    expect(result.stored.map((s) => [s.title, s.text])).toEqual([
      ["Tall ships arrive for the regatta weekend", "Tall ships arrive for the regatta weekend\n\nPhotos"],
    ]);
  });

  it("sends If-Modified-Since from Last-Modified and reads RSS 1.0 (RDF)", async () => {
    const url = server.url("/moor.rdf");
    expect((await poll([url])).stored.map((s) => s.title)).toEqual([
      "Sheep fair returns to the moor after two years",
    ]);
    const again = await poll([url], "summary", "2026-05-14T11:00:00Z");
    expect(outcome(again, url).status).toBe("not_modified");
    expect(server.requests.filter((r) => r.path === "/moor.rdf").at(-1)?.headers["if-modified-since"]).toBe(
      "Sun, 10 May 2026 12:00:00 GMT",
    );
  });

  it("follows up to 3 redirects to an Atom feed, and reads its HTML title as text", async () => {
    const result = await poll([server.url("/hop1")]);
    expect(result.stored.map((s) => s.title)).toEqual(["Drainage board & council agree flood plan"]);
    expect(result.stored[0]?.url).toBe("https://fen.test/news/flood-plan");
  });

  it("accepts a gzip-encoded feed and asks for gzip", async () => {
    const result = await poll([server.url("/quay-gzip.xml")]);
    expect(outcome(result, server.url("/quay-gzip.xml"))).toMatchObject({ status: "ok", entries: 2 });
    expect(server.requests.find((r) => r.path === "/quay-gzip.xml")?.headers["accept-encoding"]).toMatch(
      /gzip/,
    );
    expect(server.requests.find((r) => r.path === "/quay-gzip.xml")?.headers["user-agent"]).toMatch(
      /wirewatch/,
    );
  });

  it("decodes a feed whose bytes are ISO-8859-1 although it declares UTF-8", async () => {
    const result = await poll([server.url("/latin1.xml")]);
    expect(result.stored.map((s) => s.title)).toEqual(["Café owners protest new rents"]);
  });

  it("with --fetch page stores only the page's article; a page that cannot be fetched falls back to the summary, saying so", async () => {
    const url = server.url("/pages.xml");
    const result = await poll([url], "page");
    const o = outcome(result, url);
    expect(o).toMatchObject({ status: "ok", stored: 2 });
    const strike = result.stored.find((s) => s.title === "Dock workers walk out as pay talks collapse");
    expect(strike?.text).toContain("more than nine hundred workers walked out");
    expect(strike?.text).toContain("Talks are due to resume on Thursday");
    for (const other of [
      "Most read",
      "Historic lighthouse",
      "Council approves plans",
      "Get the morning briefing",
      "All rights reserved",
      "Puzzles",
    ])
      expect(strike?.text).not.toContain(other);
    expect(o.items.find((i) => i.title?.startsWith("Dock"))?.textFrom).toBe("page");
    const cottage = o.items.find((i) => i.title?.startsWith("Lighthouse"));
    expect(cottage?.textFrom).toBe("summary");
    expect(cottage?.note).toMatch(/page not used \(HTTP 404\); stored the feed's summary/);
    expect(result.stored.find((s) => s.title.startsWith("Lighthouse"))?.text).toMatch(/maritime museum/);
  });
});

describe("bad feeds record an error and never stop the others", () => {
  const BAD: [string, string, RegExp][] = [
    ["a page that is not a feed", "/home.html", /this is an HTML page, not a feed/],
    ["truncated XML", "/truncated.xml", /not a readable feed/],
    ["entity expansion", "/laughs.xml", /declares XML entities/],
    ["an HTTP error", "/gone.xml", /HTTP 410/],
    ["a slow server", "/slow.xml", /no complete answer within 1000 ms/],
    ["an oversized response (Content-Length)", "/huge.xml", new RegExp(`the limit is ${MAX_FEED_BYTES}`)],
    ["an oversized response (streamed)", "/endless.xml", new RegExp(`larger than ${MAX_FEED_BYTES} bytes$`)],
    ["a gzip bomb", "/bomb.xml", new RegExp(`larger than ${MAX_FEED_BYTES} bytes once decompressed`)],
    ["more than 3 redirects", "/loop1", /more than 3 redirects/],
    ["a redirect to a private address", "/to-private", /10\.0\.0\.7 is a private \(RFC 1918\) address/],
    ["a redirect to the metadata service", "/to-metadata", /169\.254\.169\.254 is a link-local address/],
    [
      "a redirect to a name that resolves to a private address",
      "/to-intranet",
      /intranet\.test resolves to a private/,
    ],
    ["a name resolving to a public and a private address", "/to-mixed", /mixed\.test resolves to a private/],
    ["a name resolving to the IPv6 metadata address", "/to-metadata-v6", /unique-local/],
    ["a redirect to file:", "/to-file", /only http and https are fetched, not "file"/],
  ];

  it.each(BAD)(
    "%s: the error is recorded, nothing stored, and a good feed polled alongside is stored",
    async (_name, path, reason) => {
      const good = server.url("/fen.atom");
      await backend.db.send(
        new (await import("../../lambdas/adapters/dynamo-client.ts")).DeleteCommand({
          TableName: backend.tableName,
          Key: { pk: "FEED#ALL", sk: `FEED#${feedIdOf(good)}` },
        }),
      );
      const before = (await tableContents(backend)).articles.length;
      const url = server.url(path);
      const result = await poll([url, good]);
      const bad = outcome(result, url);
      expect(bad.status).toBe("failed");
      expect(bad.error).toMatch(reason);
      expect(result.error).toMatch(reason);
      expect(JSON.stringify(result)).not.toMatch(/\bat .*\.(ts|js):\d+/);
      const state = await store.get(feedIdOf(url));
      expect(state?.lastError?.message).toMatch(reason);
      expect(state?.consecutiveFailures).toBeGreaterThanOrEqual(1);
      // The good feed was polled in the same run (it may hold nothing new by now, but it was not held up).
      expect(outcome(result, good).status).not.toBe("failed");
      const after = (await tableContents(backend)).articles.length;
      expect(after - before).toBe(result.stored.length);
      expect(result.stored.every((s) => !s.url?.includes(path))).toBe(true);
    },
  );

  it("backs off after consecutive failures and honours Retry-After", async () => {
    const url = server.url("/busy.xml");
    await poll([url], "summary", "2026-05-14T09:00:00Z");
    const s1 = await store.get(feedIdOf(url));
    expect(s1).toMatchObject({ consecutiveFailures: 1, nextPollAt: "2026-05-14T11:00:00.000Z" });
    server.route("/busy.xml", plain("busy", "text/plain", 503));
    await poll([url], "summary", "2026-05-14T11:00:00Z");
    await poll([url], "summary", "2026-05-14T12:00:00Z");
    const s3 = await store.get(feedIdOf(url));
    expect(s3).toMatchObject({
      consecutiveFailures: 3,
      nextPollAt: "2026-05-14T13:00:00.000Z",
      lastError: { message: expect.stringMatching(/HTTP 503/) },
    });
    server.route("/busy.xml", cacheable(QUAY_RSS, "application/rss+xml"));
    await poll([url], "summary", "2026-05-14T13:00:00Z");
    expect(await store.get(feedIdOf(url))).toMatchObject({
      consecutiveFailures: 0,
      lastSuccessAt: "2026-05-14T13:00:00.000Z",
    });
  });
});

describe("the scheduled poll", () => {
  beforeEach(async () => {
    for (const f of await store.list()) await store.remove(f.id);
  });

  it("polls only the feeds that are due", async () => {
    const due = server.url("/quay.xml");
    const later = server.url("/fen.atom");
    await store.put({ url: due, everyMinutes: 15, fetch: "summary" }, new Date("2026-05-14T08:00:00Z"));
    await store.put({ url: later, everyMinutes: 60, fetch: "summary" }, new Date("2026-05-14T08:00:00Z"));
    await store.saveState(feedIdOf(later), { consecutiveFailures: 0, nextPollAt: "2026-05-14T10:00:00Z" });
    const result = await replayEvent(backend, "scheduled", scheduled("2026-05-14T09:30:00Z"));
    expect(outcomes(result).map((o) => o.url)).toEqual([due]);
    expect((await store.get(feedIdOf(due)))?.nextPollAt).toBe("2026-05-14T09:45:00.000Z");
  });

  it("refuses an event that is not a Poll feeds event, without polling anything", async () => {
    const result = await replayEvent(backend, "odd", {
      ...scheduled("2026-05-14T09:30:00Z"),
      detail: { feeds: "all" },
    });
    expect(result.error).toMatch(/not a wirewatch.schedule Poll feeds event/);
  });
});

describe("the safe fetcher on its own", () => {
  it("refuses loopback unless the allowance is given", async () => {
    await expect(
      new SafeFetcher().fetch(server.url("/quay.xml"), { maxBytes: 1e6, timeoutMs: 1000 }),
    ).rejects.toThrow(/loopback/);
    await expect(
      new SafeFetcher({ hosts: { "quay.test": { address: "127.0.0.1" } } }).fetch("http://quay.test/", {
        maxBytes: 1e6,
        timeoutMs: 1000,
      }),
    ).rejects.toThrow(/quay\.test resolves to a loopback address/);
    const ok = await new SafeFetcher({ allowLoopback: true }).fetch(server.url("/quay.xml"), {
      maxBytes: 1e6,
      timeoutMs: 1000,
    });
    expect(ok.status).toBe(200);
  });

  it("refuses the Lambda runtime API even with loopback allowed", async () => {
    const port = new URL(server.base).port;
    const fetcher = new SafeFetcher({ allowLoopback: true, runtimeApi: `127.0.0.1:${port}` });
    await expect(fetcher.fetch(server.url("/quay.xml"), { maxBytes: 1e6, timeoutMs: 1000 })).rejects.toThrow(
      /Lambda runtime API/,
    );
  });
});
