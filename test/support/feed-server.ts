/**
 * A loopback HTTP server for the feed tests: routes that answer as real feed hosts do (ETag and Last-Modified with
 * 304, redirects, gzip) and as bad ones do (slow, oversized, a gzip bomb, redirects to private addresses). Every
 * feed and page it serves is written by us.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const rss = (title: string, items: string, extraNs = "") =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"${extraNs}><channel><title>${title}</title><link>https://quay.test/</link><description>Our own test feed.</description>${items}</channel></rss>`;

export const item = (o: {
  title: string;
  link?: string;
  guid?: string;
  description?: string;
  pubDate?: string;
}) =>
  `<item><title>${o.title}</title>${o.link ? `<link>${o.link}</link>` : ""}${o.guid ? `<guid isPermaLink="false">${o.guid}</guid>` : ""}${o.description ? `<description>${o.description}</description>` : ""}${o.pubDate ? `<pubDate>${o.pubDate}</pubDate>` : ""}</item>`;

/** Two entries of a port authority's news feed, one of them an expulsion story (it raises an alert). */
export const QUAY_RSS = rss(
  "Quay Authority News",
  item({
    title: "Harbour master orders foreign survey ship to leave within 48 hours",
    link: "https://quay.test/news/survey-ship",
    guid: "quay-2026-001",
    description:
      "The harbour master ordered the survey ship of the eastern federation to leave port within 48 hours after its crew photographed the naval berths.",
    pubDate: "Wed, 13 May 2026 06:30:00 GMT",
  }) +
    item({
      title: "Quay tolls to rise by a tenth from June",
      link: "https://quay.test/news/tolls",
      guid: "quay-2026-002",
      description:
        "The quay company said tolls would rise by a tenth from the first of June to pay for new fenders.",
      pubDate: "Tue, 12 May 2026 09:00:00 GMT",
    }),
);

export const MOOR_RDF = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://moor.test/"><title>Moor Weekly</title><link>https://moor.test/</link><description>Our own RDF test feed.</description></channel>
<item rdf:about="https://moor.test/a/sheep-fair"><title>Sheep fair returns to the moor after two years</title><link>https://moor.test/a/sheep-fair</link><description>Farmers from four valleys brought more than two thousand sheep to the autumn fair.</description><dc:date>2026-05-10T12:00:00Z</dc:date></item>
</rdf:RDF>`;

export const FEN_ATOM = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://fen.test/"><title>Fen Gazette</title><id>urn:fen</id><updated>2026-05-11T08:00:00Z</updated>
<entry><title type="html">Drainage board &amp;amp; council agree flood plan</title><id>urn:fen:flood-plan</id><link rel="alternate" href="news/flood-plan"/><published>2026-05-11T08:00:00Z</published>
<content type="html">&lt;p&gt;The drainage board and the council agreed a plan to raise the river banks along the lower fen over three years.&lt;/p&gt;</content></entry></feed>`;

export const DALE_JSON = JSON.stringify({
  version: "https://jsonfeed.org/version/1.1",
  title: "Dale Daily",
  home_page_url: "https://dale.test/",
  items: [
    {
      id: "dale-bridge",
      url: "https://dale.test/stories/bridge",
      title: "Dale bridge reopens after repairs",
      content_text:
        "The stone bridge over the river reopened on Monday after eight weeks of repairs to its arches.",
      date_published: "2026-05-11T07:00:00Z",
    },
  ],
});

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Serves `body` with an ETag (and Last-Modified when asked), answering 304 to a matching conditional GET. */
export function cacheable(
  body: string,
  type: string,
  options: { etag?: boolean; lastModified?: string } = {},
): Handler {
  const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 12)}"`;
  return (req, res) => {
    const useEtag = options.etag ?? true;
    const headers: Record<string, string> = { "content-type": type };
    if (useEtag) headers.etag = etag;
    if (options.lastModified) headers["last-modified"] = options.lastModified;
    const notModified =
      (useEtag && req.headers["if-none-match"] === etag) ||
      (options.lastModified && req.headers["if-modified-since"] === options.lastModified);
    if (notModified) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, headers);
    res.end(body);
  };
}

export const redirect =
  (location: string, status = 302): Handler =>
  (_req, res) => {
    res.writeHead(status, { location });
    res.end();
  };

export const plain =
  (body: string | Buffer, type: string, status = 200, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { "content-type": type, ...headers });
    res.end(body);
  };

export const gzipped =
  (body: string | Buffer, type: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { "content-type": type, "content-encoding": "gzip" });
    res.end(gzipSync(body));
  };

export const slow =
  (ms: number, then: Handler): Handler =>
  async (req, res) => {
    await new Promise((r) => setTimeout(r, ms));
    if (!res.destroyed) await then(req, res);
  };

/** Streams `bytes` of filler without a Content-Length, so only counting while streaming can stop it. */
export const endless =
  (bytes: number): Handler =>
  async (_req, res) => {
    res.writeHead(200, { "content-type": "application/rss+xml" });
    const chunk = Buffer.alloc(64 * 1024, "<!-- filler -->");
    for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length)
      if (!res.write(chunk)) await new Promise((r) => res.once("drain", r));
    res.end();
  };

export const fixturePage = (name: string) =>
  readFileSync(join(import.meta.dirname, "../fixtures/web", `${name}.html`));

export interface FeedServer {
  base: string;
  url(path: string): string;
  route(path: string, handler: Handler): void;
  /** Requests seen, as "METHOD path" with the conditional headers sent. */
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  stop(): Promise<void>;
}

export async function startFeedServer(routes: Record<string, Handler> = {}): Promise<FeedServer> {
  const table = new Map(Object.entries(routes));
  const requests: FeedServer["requests"] = [];
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ path, headers: req.headers });
    const handler = table.get(path);
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" });
      return void res.end("not found");
    }
    await handler(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", () => ok()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    url: (path) => `${base}${path}`,
    route: (path, handler) => void table.set(path, handler),
    requests,
    stop: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
