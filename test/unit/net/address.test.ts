/**
 * The outbound-fetch guard (lambdas/core/net/address.ts) beyond test/unit/feeds/address.test.ts: bracketed
 * literals, the other spellings of loopback and of the Lambda runtime API, and URLs that only look local.
 */
import { describe, expect, it } from "vitest";
import { checkAddress, checkFetchUrl } from "../../../lambdas/core/net/address.ts";

const reasonOf = (verdict: { ok: boolean; reason?: string }) => (verdict.ok ? "ok" : verdict.reason);

describe("checkAddress", () => {
  it("reads an IPv6 literal in URL brackets as the address inside", () => {
    expect(checkAddress("[2001:4860:4860::8888]")).toEqual({ ok: true });
    expect(reasonOf(checkAddress("[fe80::1]"))).toMatch(/link-local/);
  });

  it("refuses a host name or junk as not an IP address (names are resolved first)", () => {
    expect(checkAddress("news.example.org")).toEqual({
      ok: false,
      reason: '"news.example.org" is not an IP address',
    });
  });

  it("refuses every IPv4-compatible address other than :: and ::1, which ipaddr.js calls unicast", () => {
    for (const address of ["::2", "::0:a00:1", "::ffff"])
      expect(reasonOf(checkAddress(address))).toMatch(/IPv4-compatible/);
  });
});

describe("checkFetchUrl", () => {
  it("refuses a URL with a user name even without a password", () => {
    expect(checkFetchUrl("https://reader@news.example.org/feed")).toEqual({
      ok: false,
      reason: "URLs with credentials are not fetched",
    });
  });

  it("names the refused scheme without its colon, and quotes at most 100 characters of a broken URL", () => {
    expect(reasonOf(checkFetchUrl("ftp://example.org/feed"))).toBe(
      'only http and https are fetched, not "ftp"',
    );
    const junk = `feed ${"x".repeat(300)}`;
    expect(reasonOf(checkFetchUrl(junk))).toBe(`not a valid absolute URL: "${junk.slice(0, 100)}"`);
  });

  it("refuses localhost written with a trailing dot or in capitals", () => {
    for (const url of ["http://localhost./", "http://LOCALHOST:8080/", "http://feeds.localhost./rss"])
      expect(reasonOf(checkFetchUrl(url)), url).toMatch(/loopback name/);
  });

  it("does not take names that merely contain the word localhost for loopback", () => {
    for (const url of [
      "https://localhost.example.org/feed",
      "https://localhostnews.example/rss",
      "https://www.localhost-news.example/rss",
      "https://mylocalhost/rss",
    ])
      expect(checkFetchUrl(url).ok, url).toBe(true);
  });
});

describe("the Lambda runtime API", () => {
  const refusal = { ok: false, reason: "the Lambda runtime API is never fetched" };

  it("is refused under another spelling of its address", () => {
    const policy = { allowLoopback: true, runtimeApi: "127.0.0.1:9001" };
    for (const url of ["http://[::ffff:127.0.0.1]:9001/next", "http://2130706433:9001/next"])
      expect(checkFetchUrl(url, policy), url).toEqual(refusal);
  });

  it("is refused when given as a bracketed IPv6 literal", () => {
    const policy = { allowLoopback: true, runtimeApi: "[::1]:9001" };
    expect(checkFetchUrl("http://[::1]:9001/next", policy)).toEqual(refusal);
    expect(checkFetchUrl("http://[::1]:9002/next", policy).ok).toBe(true);
  });

  it("is refused when given by name, whatever the case", () => {
    const policy = { allowLoopback: true, runtimeApi: "LocalHost:9001" };
    expect(checkFetchUrl("http://localhost:9001/2018-06-01/runtime/invocation/next", policy)).toEqual(
      refusal,
    );
    expect(checkFetchUrl("http://localhost:9002/", policy).ok).toBe(true);
  });

  it("is matched on its port: a URL without one uses its scheme's default (80 for http, 443 for https)", () => {
    const policy = { allowLoopback: true, runtimeApi: "127.0.0.1" };
    expect(checkFetchUrl("http://127.0.0.1/next", policy)).toEqual(refusal);
    expect(checkFetchUrl("https://127.0.0.1/next", policy).ok).toBe(true);
    const tls = { allowLoopback: true, runtimeApi: "127.0.0.1:443" };
    expect(checkFetchUrl("https://127.0.0.1/next", tls)).toEqual(refusal);
    expect(checkFetchUrl("http://127.0.0.1/next", tls).ok).toBe(true);
  });

  it("does not refuse another host on the same port", () => {
    const policy = { runtimeApi: "127.0.0.1:9001" };
    expect(checkFetchUrl("http://93.184.215.14:9001/rss", policy).ok).toBe(true);
    expect(checkFetchUrl("http://feeds.example.org:9001/rss", policy).ok).toBe(true);
  });
});
