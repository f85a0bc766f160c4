/**
 * `wirewatch poll`, `wirewatch feeds` and the feed samples of `wirewatch replay`, through the real CLI dispatcher
 * (in process, output captured), on the embedded backend and on moto (`feeds --endpoint --table`).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createArticlesTable } from "../../cli/local/embedded-dynamo.ts";
import type { ReplayResult } from "../../cli/local/replay-runner.ts";
import { main } from "../../cli/main.ts";
import { QUAY_RSS } from "../support/feed-server.ts";
import { type Moto, motoSuiteName, startMoto } from "../support/moto.ts";

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const jsonLines = (text: string) =>
  text
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as ReplayResult);

const dir = mkdtempSync(join(tmpdir(), "wirewatch-feeds-cli-"));
const feedFile = join(dir, "quay.xml");
writeFileSync(feedFile, QUAY_RSS);
const notAFeed = join(dir, "home.html");
writeFileSync(
  notAFeed,
  "<!doctype html><html><head><title>Quay</title></head><body><p>Welcome.</p></body></html>",
);

describe("wirewatch poll", () => {
  it("polls the same feed twice: the first poll stores and alerts, the second stores nothing new", async () => {
    const { code, stdout } = await cli("poll", "--json", "--no-fetch", feedFile, feedFile);
    expect(code).toBe(0);
    const [first, second] = jsonLines(stdout);
    expect(first?.kind).toBe("schedule:poll");
    expect(first?.stored.map((s) => s.title).sort()).toEqual([
      "Harbour master orders foreign survey ship to leave within 48 hours",
      "Quay tolls to rise by a tenth from June",
    ]);
    // Each stored item carries the title and text that were stored.
    expect(first?.stored.every((s) => typeof s.text === "string" && s.text.length > 20)).toBe(true);
    expect(first?.alerts.length).toBeGreaterThan(0);
    expect(second?.stored).toEqual([]);
    expect(second?.alerts).toEqual([]);
  });

  it("says clearly that a page is not a feed, without a stack trace, and exits 1", async () => {
    const { code, stdout } = await cli("poll", notAFeed);
    expect(code).toBe(1);
    expect(stdout).toMatch(/this is an HTML page, not a feed \(RSS, Atom, RDF or JSON Feed\)/);
    expect(stdout).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it("refuses an argument that is neither a URL nor a file", async () => {
    const { code, stderr } = await cli("poll", join(dir, "missing.xml"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/is neither a URL nor a file/);
  });
});

describe("wirewatch replay of the feed samples", () => {
  it("polls the sample feeds served on loopback: stored items carry title and text; the second poll stores nothing", async () => {
    const { code, stdout } = await cli("replay", "--json", "events/scheduled/");
    expect(code).toBe(0);
    const [first, second] = jsonLines(stdout);
    expect(first?.stored.length).toBe(4);
    const consul = first?.stored.find(
      (s) => s.title === "Harbour city expels consul accused of spying on the naval yard",
    );
    expect(consul?.text).toMatch(/^The foreign ministry has declared the consul/);
    expect(consul?.text).not.toMatch(/Most read|Historic lighthouse|Privacy/);
    expect(consul?.tags.map((t) => t.topic).sort()).toEqual(["deadline", "expulsions", "intelligence"]);
    expect(first?.alerts.find((a) => a.articleId === consul?.id)?.recipients.length).toBeGreaterThan(0);
    expect(second?.stored).toEqual([]);
    expect(second?.alerts).toEqual([]);
  });
});

describe("wirewatch feeds on the local file", () => {
  const file = join(dir, "feeds.json");

  it("adds, updates, lists and removes feeds", async () => {
    expect((await cli("feeds", "add", "https://quay.test/rss", "--every", "2h", "--feeds", file)).code).toBe(
      0,
    );
    const updated = await cli("feeds", "add", "https://quay.test/rss", "--fetch", "page", "--feeds", file);
    expect(updated.stdout).toMatch(/^updated https:\/\/quay.test\/rss \(every 15m, fetch page/);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      feeds: [{ url: "https://quay.test/rss", every: "15m", fetch: "page" }],
    });
    const list = await cli("feeds", "list", "--feeds", file);
    expect(list.stdout).toMatch(/URL\s+EVERY\s+FETCH\s+LAST SUCCESS\s+FAILURES\s+NEXT POLL\s+LAST ERROR/);
    expect(list.stdout).toMatch(/https:\/\/quay.test\/rss\s+15m\s+page/);
    expect((await cli("feeds", "remove", "https://quay.test/rss", "--feeds", file)).code).toBe(0);
    expect((await cli("feeds", "list", "--feeds", file)).stdout).toMatch(/no feeds on local file/);
  });

  it.each([
    [["feeds", "add", "file:///etc/passwd"], /only http and https are fetched/],
    [["feeds", "add", "https://quay.test/rss", "--every", "1m"], /--every must be between 5m and 7d/],
    [["feeds", "add", "https://quay.test/rss", "--fetch", "all"], /--fetch must be "page" or "summary"/],
    [["feeds", "remove", "https://nowhere.test/rss"], /no feed https:\/\/nowhere.test\/rss/],
    [["feeds", "rename"], /unknown action "rename"/],
  ])("refuses %j with a clear message", async (args, message) => {
    const { code, stderr } = await cli(...(args as string[]), "--feeds", file);
    expect(code).toBeGreaterThan(0);
    expect(stderr).toMatch(message);
  });
});

const moto: Moto | undefined = await startMoto();
afterAll(async () => {
  await moto?.stop();
});

describe.skipIf(!moto)(motoSuiteName("wirewatch feeds --endpoint --table on moto", moto), () => {
  it("adds a feed to the table and lists its polling state", async () => {
    const endpoint = (moto as Moto).endpoint;
    await createArticlesTable(endpoint, "feeds-cli-table");
    const target = ["--endpoint", endpoint, "--table", "feeds-cli-table"];
    const added = await cli("feeds", "add", "https://quay.test/rss", "--every", "30m", ...target);
    expect(added.stdout).toMatch(/^added https:\/\/quay.test\/rss \(every 30m, fetch summary/);
    const list = await cli("feeds", "list", "--json", ...target);
    expect(JSON.parse(list.stdout.trim())).toMatchObject({
      url: "https://quay.test/rss",
      everyMinutes: 30,
      consecutiveFailures: 0,
    });
    expect((await cli("feeds", "remove", "https://quay.test/rss", ...target)).code).toBe(0);
    expect((await cli("feeds", "list", ...target)).stdout).toMatch(/no feeds on table feeds-cli-table/);
  });
});
