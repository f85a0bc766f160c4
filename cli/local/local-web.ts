import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { gzipSync } from "node:zlib";

/**
 * A loopback web server standing in for the sites feeds come from, as the bucket folder stands in for S3: each
 * host is a folder (events/web/<host>/...), and the poller's fetcher is told to reach those hosts here (its host
 * table), with loopback allowed for this local run only. It answers as a real server would for what the poller
 * uses: ETag and Last-Modified with 304 on a conditional GET, gzip when asked.
 */
export interface LocalWeb {
  /** Host name -> where the fetcher connects (loopback, this server's port). */
  hosts: Record<string, { address: string; port: number }>;
  port: number;
  /** The URL of a file served under `host`. */
  urlOf(host: string, path: string): string;
  /** Serves one more folder as `host`. */
  addHost(host: string, dir: string): void;
  /** Requests served, for tests: "<host> <path> <status>". */
  log: string[];
  stop(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".xml": "application/xml",
  ".rss": "application/rss+xml",
  ".atom": "application/atom+xml",
  ".rdf": "application/rdf+xml",
  ".json": "application/feed+json",
  ".html": "text/html",
  ".htm": "text/html",
  ".txt": "text/plain",
};

/** Starts the server with one host per sub-folder of `root` (when given). */
export async function startLocalWeb(root?: string): Promise<LocalWeb> {
  const dirs = new Map<string, string>();
  if (root) {
    let entries: string[] = [];
    try {
      entries = readdirSync(root).filter((d) => statSync(join(root, d)).isDirectory());
    } catch {
      // no sample sites
    }
    for (const d of entries) dirs.set(d.toLowerCase(), resolve(root, d));
  }
  const log: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const host = (req.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
    const dir = dirs.get(host);
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = dir ? resolve(join(dir, path.endsWith("/") ? `${path}index.html` : path)) : undefined;
    const reply = (status: number, headers: Record<string, string> = {}, body?: Buffer) => {
      log.push(`${host} ${path} ${status}`);
      res.writeHead(status, headers);
      res.end(body);
    };
    if (!dir || !file?.startsWith(dir + sep))
      return reply(404, { "content-type": "text/plain" }, Buffer.from("not found"));
    let body: Buffer;
    let mtime: Date;
    try {
      body = await readFile(file);
      mtime = statSync(file).mtime;
    } catch {
      return reply(404, { "content-type": "text/plain" }, Buffer.from("not found"));
    }
    const etag = `"${createHash("sha1").update(body).digest("hex").slice(0, 16)}"`;
    const lastModified = mtime.toUTCString();
    const headers: Record<string, string> = {
      "content-type": TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
      etag,
      "last-modified": lastModified,
    };
    if (
      req.headers["if-none-match"] === etag ||
      (!req.headers["if-none-match"] && req.headers["if-modified-since"] === lastModified)
    )
      return reply(304, { etag, "last-modified": lastModified });
    if (/\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""))) {
      headers["content-encoding"] = "gzip";
      body = gzipSync(body);
    }
    reply(200, headers, body);
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const hosts: LocalWeb["hosts"] = {};
  const addHost = (host: string, dir: string) => {
    dirs.set(host.toLowerCase(), resolve(dir));
    hosts[host.toLowerCase()] = { address: "127.0.0.1", port };
  };
  for (const [host, dir] of [...dirs]) addHost(host, dir);
  return {
    hosts,
    port,
    urlOf: (host, path) => `http://${host}/${path.replace(/^\//, "")}`,
    addHost,
    log,
    stop: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
