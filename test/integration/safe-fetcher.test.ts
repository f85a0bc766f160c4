/**
 * The safe fetcher against a loopback HTTP server (loopback is allowed explicitly in each fetcher built here, as
 * the local replay allows it; every other check applies): what it sends, how it follows redirects, the size limits
 * while streaming and after decompression, the encodings it reads, its deadline, and how it names each failure.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_REDIRECTS, SafeFetcher, USER_AGENT } from "../../lambdas/adapters/safe-fetcher.ts";
import { FetchError } from "../../lambdas/core/feeds/ports.ts";
import {
  type FeedServer,
  type Handler,
  plain,
  redirect,
  slow,
  startFeedServer,
} from "../support/feed-server.ts";

const LIMITS = { maxBytes: 1_000, timeoutMs: 2_000 };
const BODY = "x".repeat(1_000);

const encoded =
  (body: Buffer, encoding: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml", "content-encoding": encoding });
    res.end(body);
  };

let server: FeedServer;
let port: string;
const loopback = new SafeFetcher({ allowLoopback: true });

beforeAll(async () => {
  server = await startFeedServer({
    "/exactly-the-limit": plain(BODY, "text/plain"),
    "/one-byte-over": plain(`${BODY}x`, "text/plain"),
    "/declared-too-large": plain(`${BODY}x`, "text/plain", 200, {
      "content-length": String(BODY.length + 1),
    }),
    "/gzip": encoded(gzipSync("a gzipped feed"), "gzip"),
    "/x-gzip": encoded(gzipSync("an x-gzip feed"), " X-GZIP "),
    "/deflate": encoded(deflateSync("a deflated feed"), "deflate"),
    "/br": encoded(brotliCompressSync("a brotli feed"), "br"),
    "/identity": encoded(Buffer.from("a plain feed"), "identity"),
    "/compress": encoded(Buffer.from("whatever"), "compress"),
    "/corrupt-gzip": encoded(Buffer.from("this is not gzip at all"), "gzip"),
    "/gzip-at-the-limit": encoded(gzipSync(BODY), "gzip"),
    "/gzip-over-the-limit": encoded(gzipSync(`${BODY}x`), "gzip"),
    "/cookies": (_req, res) => {
      res.setHeader("set-cookie", ["a=1", "b=2"]);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    },
    "/not-modified": (_req, res) => {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
    },
    "/missing-page": plain("a long error page ".repeat(10), "text/html", 404),
    "/moved-without-location": (_req, res) => {
      res.writeHead(302);
      res.end("no location given");
    },
    "/r1": redirect("/r2", 301),
    "/r2": redirect("r3", 302),
    "/r3": redirect("/final", 303),
    "/final": plain("arrived", "text/plain"),
    "/r0": redirect("/r1", 307),
    "/to-bad-url": redirect("http://exa mple.test:99999/"),
    "/slow": slow(1_500, plain("late", "text/plain")),
  });
  port = new URL(server.base).port;
});

afterAll(async () => {
  await server?.stop();
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe("what the safe fetcher sends", () => {
  it("names wirewatch as the user agent, asks for gzip or deflate, and adds the caller's headers", async () => {
    await loopback.fetch(server.url("/final"), { ...LIMITS, headers: { "if-none-match": '"v1"' } });
    const seen = server.requests.at(-1)?.headers;
    expect(seen?.["user-agent"]).toBe(USER_AGENT);
    expect(seen?.["accept-encoding"]).toBe("gzip, deflate");
    expect(seen?.host).toBe(`127.0.0.1:${port}`);
    expect(seen?.["if-none-match"]).toBe('"v1"');
  });

  it("uses the user agent it is given", async () => {
    await new SafeFetcher({ allowLoopback: true, userAgent: "quay-reader/2" }).fetch(
      server.url("/final"),
      LIMITS,
    );
    expect(server.requests.at(-1)?.headers["user-agent"]).toBe("quay-reader/2");
  });

  it("connects to the address and port a host name is mapped to, and sends the name as the host", async () => {
    const fetcher = new SafeFetcher({
      allowLoopback: true,
      hosts: { "quay.test": { address: "127.0.0.1", port: Number(port) } },
    });
    const response = await fetcher.fetch("http://QUAY.test/final", LIMITS);
    expect(response).toMatchObject({ status: 200, url: "http://quay.test/final", redirects: [] });
    expect(Buffer.from(response.body).toString()).toBe("arrived");
    expect(server.requests.at(-1)?.headers.host).toBe("quay.test");
  });
});

describe("redirects", () => {
  it("follows up to three, relative ones included, and reports the final URL and the way there", async () => {
    expect(MAX_REDIRECTS).toBe(3);
    const response = await loopback.fetch(server.url("/r1"), LIMITS);
    expect(response.status).toBe(200);
    expect(Buffer.from(response.body).toString()).toBe("arrived");
    expect(response.url).toBe(server.url("/final"));
    expect(response.redirects).toEqual([server.url("/r2"), server.url("/r3"), server.url("/final")]);
  });

  it("refuses a fourth redirect, naming where it led", async () => {
    const error = await failure(loopback.fetch(server.url("/r0"), LIMITS));
    expect(error.failure).toBe("too_many_redirects");
    expect(error.message).toBe("more than 3 redirects (last to /final)");
  });

  it("refuses a redirect to a URL that does not parse", async () => {
    const error = await failure(loopback.fetch(server.url("/to-bad-url"), LIMITS));
    expect(error.failure).toBe("bad_response");
    expect(error.message).toMatch(/a redirect to an invalid URL: http:\/\/exa mple/);
  });

  it("returns a redirect status without a Location as it is, without its body", async () => {
    const response = await loopback.fetch(server.url("/moved-without-location"), LIMITS);
    expect(response.status).toBe(302);
    expect(response.body.length).toBe(0);
    expect(response.redirects).toEqual([]);
  });
});

describe("answers without a body worth reading", () => {
  it("returns 304 and error statuses with their headers and an empty body", async () => {
    const notModified = await loopback.fetch(server.url("/not-modified"), LIMITS);
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe('"v1"');
    expect(notModified.body.length).toBe(0);
    const missing = await loopback.fetch(server.url("/missing-page"), LIMITS);
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toBe("text/html");
    expect(missing.body.length).toBe(0);
  });

  it("joins a header sent several times with commas", async () => {
    const response = await loopback.fetch(server.url("/cookies"), LIMITS);
    expect(response.headers["set-cookie"]).toBe("a=1, b=2");
  });
});

describe("size limits", () => {
  it("accepts a body of exactly the limit and refuses one byte more while it streams", async () => {
    const ok = await loopback.fetch(server.url("/exactly-the-limit"), LIMITS);
    expect(ok.body.length).toBe(1_000);
    const error = await failure(loopback.fetch(server.url("/one-byte-over"), LIMITS));
    expect(error.failure).toBe("too_large");
    expect(error.message).toBe("the response is larger than 1000 bytes");
  });

  it("refuses a body whose Content-Length is over the limit before reading it", async () => {
    const error = await failure(loopback.fetch(server.url("/declared-too-large"), LIMITS));
    expect(error.failure).toBe("too_large");
    expect(error.message).toBe("the response is 1001 bytes; the limit is 1000");
  });

  it("applies the limit again after decompression", async () => {
    const ok = await loopback.fetch(server.url("/gzip-at-the-limit"), LIMITS);
    expect(Buffer.from(ok.body).toString()).toBe(BODY);
    const error = await failure(loopback.fetch(server.url("/gzip-over-the-limit"), LIMITS));
    expect(error.failure).toBe("too_large");
    expect(error.message).toBe("the response is larger than 1000 bytes once decompressed");
  });
});

describe("content encodings", () => {
  it.each([
    ["/gzip", "a gzipped feed"],
    ["/x-gzip", "an x-gzip feed"],
    ["/deflate", "a deflated feed"],
    ["/br", "a brotli feed"],
    ["/identity", "a plain feed"],
  ])("decodes %s", async (path, text) => {
    const response = await loopback.fetch(server.url(path), LIMITS);
    expect(Buffer.from(response.body).toString()).toBe(text);
  });

  it("refuses an encoding it cannot read, naming it", async () => {
    const error = await failure(loopback.fetch(server.url("/compress"), LIMITS));
    expect(error.failure).toBe("bad_response");
    expect(error.message).toBe('unsupported content-encoding "compress"');
  });

  it("refuses a body that is not what its encoding says", async () => {
    const error = await failure(loopback.fetch(server.url("/corrupt-gzip"), LIMITS));
    expect(error.failure).toBe("bad_response");
    expect(error.message).toMatch(/^the gzip body is corrupt \(/);
  });
});

describe("failures", () => {
  it("gives up at the deadline and says so", async () => {
    const error = await failure(loopback.fetch(server.url("/slow"), { maxBytes: 1_000, timeoutMs: 200 }));
    expect(error.failure).toBe("timeout");
    expect(error.message).toBe("no complete answer within 200 ms");
  });

  it("names a refused connection as a network failure with its code", async () => {
    const closed: Server = createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", () => ok()));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise<void>((ok) => closed.close(() => ok()));
    const error = await failure(loopback.fetch(`http://127.0.0.1:${freePort}/`, LIMITS));
    expect(error.failure).toBe("network");
    expect(error.message).toBe(
      `127.0.0.1:${freePort}: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:${freePort}`,
    );
  });

  it("names a host that does not resolve, and one that resolves to nothing", async () => {
    const unknown = new SafeFetcher({
      resolve: async () => {
        throw Object.assign(new Error("no such host"), { code: "ENOTFOUND" });
      },
    });
    const notFound = await failure(unknown.fetch("http://nowhere.test/feed", LIMITS));
    expect(notFound.failure).toBe("network");
    expect(notFound.message).toBe("cannot resolve nowhere.test (ENOTFOUND)");

    const empty = await failure(
      new SafeFetcher({ resolve: async () => [] }).fetch("http://void.test/", LIMITS),
    );
    expect(empty.failure).toBe("network");
    expect(empty.message).toBe("void.test has no address");
  });

  it("refuses a host any of whose addresses is private, naming the address", async () => {
    const fetcher = new SafeFetcher({
      resolve: async () => [
        { address: "93.184.215.14", family: 4 },
        { address: "10.1.2.3", family: 4 },
      ],
    });
    const error = await failure(fetcher.fetch("http://split.test/", LIMITS));
    expect(error.failure).toBe("refused");
    expect(error.message).toMatch(/^split\.test resolves to .*\(10\.1\.2\.3\)$/);
    expect(error.message).not.toMatch(/10\.1\.2\.3 is /);
  });

  it("refuses a name that resolves to the Lambda runtime API, before connecting", async () => {
    const before = server.requests.length;
    const fetcher = new SafeFetcher({
      allowLoopback: true,
      runtimeApi: `127.0.0.1:${port}`,
      hosts: { "api.test": { address: "127.0.0.1", port: Number(port) } },
    });
    const error = await failure(fetcher.fetch("http://api.test/final", LIMITS));
    expect(error.failure).toBe("refused");
    expect(error.message).toBe("api.test resolves to the Lambda runtime API");
    expect(server.requests.length).toBe(before);
  });

  it("refuses a URL with credentials or another scheme without connecting", async () => {
    const before = server.requests.length;
    const withCredentials = await failure(
      loopback.fetch(`http://user:secret@127.0.0.1:${port}/final`, LIMITS),
    );
    expect(withCredentials.failure).toBe("refused");
    const file = await failure(loopback.fetch("file:///etc/passwd", LIMITS));
    expect(file.failure).toBe("refused");
    expect(file.message).toMatch(/^file:\/\/\/etc\/passwd: /);
    expect(server.requests.length).toBe(before);
  });
});
