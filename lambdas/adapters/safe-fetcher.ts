/**
 * Outbound HTTP for feeds and pages, safe against server-side request forgery:
 *
 * - http and https only, no credentials in URLs, never the Lambda runtime API;
 * - the host is resolved by our own `lookup`, every address it resolves to is checked (public unicast only,
 *   lambdas/core/net/address.ts), and the socket connects to those checked addresses only, so a DNS answer that
 *   changes between check and connect (rebinding) cannot slip through; IP-literal hosts are checked before connecting;
 * - every redirect is checked the same way, at most 3 of them;
 * - one deadline for the whole request, redirects included;
 * - the body is limited while it streams, and again after gunzip (a small gzip bomb cannot grow past the limit);
 * - `accept-encoding: gzip, deflate` and a User-Agent that names wirewatch.
 *
 * This is request-filtering-agent's design (check inside the agent's lookup) with our own classifier: measured on
 * 3.2.1, that library lets http://[::7f00:1]/ (IPv4-compatible ::127.0.0.1) through its check.
 */
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import { FetchError, type Fetcher, type FetchRequest, type FetchResponse } from "../core/feeds/ports.ts";
import { checkAddress, checkFetchUrl, isRuntimeApi } from "../core/net/address.ts";

export const USER_AGENT =
  "wirewatch-feed-poller/0.1 (+https://github.com/wirewatch; news alerts; polite polling with conditional GET)";
export const MAX_REDIRECTS = 3;

export interface SafeFetcherOptions {
  userAgent?: string;
  /**
   * Tests and the local replay only: loopback addresses are allowed (every other refusal stays). The deployed
   * stack never sets this (pinned by test/infra).
   */
  allowLoopback?: boolean;
  /**
   * Host names answered without DNS, like /etc/hosts, with an optional port to connect to (the local replay serves
   * its sample sites from a loopback server this way). The answers are checked like any other.
   */
  hosts?: Record<string, { address: string; port?: number }>;
  /** AWS_LAMBDA_RUNTIME_API ("host:port"): refused by URL and by resolved address. */
  runtimeApi?: string;
  /** DNS resolution; node:dns lookup by default. */
  resolve?: (host: string) => Promise<LookupAddress[]>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const defaultResolve = (host: string) =>
  new Promise<LookupAddress[]>((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

export class SafeFetcher implements Fetcher {
  private readonly userAgent: string;

  constructor(private readonly options: SafeFetcherOptions = {}) {
    this.userAgent = options.userAgent ?? USER_AGENT;
  }

  async fetch(url: string, request: FetchRequest): Promise<FetchResponse> {
    const signals = [AbortSignal.timeout(request.timeoutMs), ...(request.signal ? [request.signal] : [])];
    const signal = AbortSignal.any(signals);
    const redirects: string[] = [];
    let current = url;
    for (let hop = 0; ; hop++) {
      const verdict = checkFetchUrl(current, {
        ...(this.options.allowLoopback ? { allowLoopback: true } : {}),
        ...(this.options.runtimeApi ? { runtimeApi: this.options.runtimeApi } : {}),
      });
      if (!verdict.ok) throw new FetchError("refused", `${current.slice(0, 200)}: ${verdict.reason}`);
      const response = await this.once(verdict.url, request, signal);
      const location = response.headers.location;
      if (REDIRECTS.has(response.status) && location) {
        if (hop >= MAX_REDIRECTS)
          throw new FetchError(
            "too_many_redirects",
            `more than ${MAX_REDIRECTS} redirects (last to ${location.slice(0, 200)})`,
          );
        let next: URL;
        try {
          next = new URL(location, verdict.url);
        } catch {
          throw new FetchError("bad_response", `a redirect to an invalid URL: ${location.slice(0, 200)}`);
        }
        redirects.push(next.toString());
        current = next.toString();
        continue;
      }
      return { ...response, url: verdict.url.toString(), redirects };
    }
  }

  /** The lookup the socket uses: our answers, each checked; an error (not a connection) if any is refused. */
  private lookupFor(host: string, port: string): LookupFunction {
    return (hostname, opts, callback) => {
      const mapped = this.options.hosts?.[hostname.toLowerCase()];
      const resolve = mapped
        ? Promise.resolve([{ address: mapped.address, family: mapped.address.includes(":") ? 6 : 4 }])
        : (this.options.resolve ?? defaultResolve)(hostname);
      resolve.then(
        (addresses) => {
          if (addresses.length === 0)
            return callback(new FetchError("network", `${host} has no address`), "", 4);
          for (const a of addresses) {
            const verdict = checkAddress(
              a.address,
              this.options.allowLoopback ? { allowLoopback: true } : {},
            );
            if (!verdict.ok)
              return callback(
                new FetchError(
                  "refused",
                  `${host} resolves to ${verdict.reason.replace(/^\S+ is /, "")} (${a.address})`,
                ),
                "",
                4,
              );
            if (this.options.runtimeApi && isRuntimeApi(a.address, port, this.options.runtimeApi))
              return callback(new FetchError("refused", `${host} resolves to the Lambda runtime API`), "", 4);
          }
          if ((opts as { all?: boolean }).all)
            return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
          const first = addresses[0] as LookupAddress;
          callback(null, first.address, first.family);
        },
        (error: NodeJS.ErrnoException) =>
          callback(
            new FetchError("network", `cannot resolve ${host} (${error.code ?? error.message})`),
            "",
            4,
          ),
      );
    };
  }

  private once(
    url: URL,
    request: FetchRequest,
    signal: AbortSignal,
  ): Promise<Omit<FetchResponse, "url" | "redirects">> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const mapped = this.options.hosts?.[host.toLowerCase()];
    const port = String(mapped?.port ?? (url.port || (url.protocol === "https:" ? 443 : 80)));
    const client = url.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      const fail = (error: unknown) => {
        if (error instanceof FetchError) return reject(error);
        if (signal.aborted)
          return reject(new FetchError("timeout", `no complete answer within ${request.timeoutMs} ms`));
        const e = error as NodeJS.ErrnoException;
        reject(new FetchError("network", `${url.host}: ${e.code ?? ""} ${e.message}`.trim()));
      };
      const req = client.request(
        {
          protocol: url.protocol,
          hostname: host,
          port,
          path: `${url.pathname}${url.search}`,
          method: "GET",
          headers: {
            "user-agent": this.userAgent,
            "accept-encoding": "gzip, deflate",
            host: url.host,
            ...request.headers,
          },
          lookup: this.lookupFor(host, port),
          signal,
          // No connection reuse: each request resolves and checks its address again.
          agent: false,
          ...(url.protocol === "https:" ? { servername: host } : {}),
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          if (REDIRECTS.has(status) || status === 304 || status >= 400) {
            res.resume();
            return resolve({ status, headers, body: new Uint8Array() });
          }
          const declared = Number(headers["content-length"]);
          if (Number.isFinite(declared) && declared > request.maxBytes) {
            res.destroy();
            return reject(
              new FetchError(
                "too_large",
                `the response is ${declared} bytes; the limit is ${request.maxBytes}`,
              ),
            );
          }
          const encoding = (headers["content-encoding"] ?? "identity").trim().toLowerCase();
          const decoder =
            encoding === "gzip" || encoding === "x-gzip"
              ? createGunzip()
              : encoding === "deflate"
                ? createInflate()
                : encoding === "br"
                  ? createBrotliDecompress()
                  : undefined;
          if (!decoder && encoding !== "identity") {
            res.destroy();
            return reject(new FetchError("bad_response", `unsupported content-encoding "${encoding}"`));
          }
          let raw = 0;
          let size = 0;
          const chunks: Buffer[] = [];
          const tooLarge = (what: string) => {
            res.destroy();
            decoder?.destroy();
            reject(
              new FetchError("too_large", `the response is larger than ${request.maxBytes} bytes${what}`),
            );
          };
          res.on("data", (chunk: Buffer) => {
            raw += chunk.length;
            if (raw > request.maxBytes) tooLarge("");
          });
          const body = decoder ? res.pipe(decoder) : res;
          body.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > request.maxBytes) return tooLarge(decoder ? " once decompressed" : "");
            chunks.push(chunk);
          });
          body.on("end", () => resolve({ status, headers, body: new Uint8Array(Buffer.concat(chunks)) }));
          body.on("error", (error) =>
            fail(
              decoder
                ? new FetchError("bad_response", `the ${encoding} body is corrupt (${error.message})`)
                : error,
            ),
          );
          res.on("error", fail);
        },
      );
      req.on("error", (error) =>
        fail(
          (error as { cause?: unknown }).cause instanceof FetchError
            ? (error as { cause?: unknown }).cause
            : error,
        ),
      );
      req.end();
    });
  }
}
