import { describe, expect, it } from "vitest";
import { checkAddress, checkFetchUrl } from "../../../lambdas/core/net/address.ts";

const REFUSED: [string, RegExp][] = [
  ["127.0.0.1", /loopback/],
  ["127.8.9.10", /loopback/],
  ["::1", /loopback/],
  ["10.1.2.3", /private/],
  ["172.16.5.4", /private/],
  ["192.168.0.10", /private/],
  ["169.254.169.254", /link-local/],
  ["fe80::1", /link-local/],
  ["fd00:ec2::254", /unique-local/],
  ["fc00::5", /unique-local/],
  ["100.64.0.1", /carrier-grade NAT/],
  ["224.0.0.251", /multicast/],
  ["ff02::1", /multicast/],
  ["0.0.0.0", /unspecified/],
  ["::", /unspecified/],
  ["255.255.255.255", /broadcast/],
  ["::ffff:127.0.0.1", /loopback/],
  ["::ffff:169.254.169.254", /link-local/],
  ["::ffff:8.8.8.8", /IPv4-mapped/],
  ["::7f00:1", /IPv4-compatible/],
  ["::a9fe:a9fe", /IPv4-compatible/],
  ["64:ff9b::a00:1", /NAT64/],
  ["2002:a00:1::", /6to4/],
  ["192.0.2.1", /reserved/],
];

describe("checkAddress", () => {
  it.each(REFUSED)("refuses %s", (address, reason) => {
    const verdict = checkAddress(address);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it.each(["93.184.215.14", "8.8.8.8", "2001:4860:4860::8888", "2606:4700::1111"])(
    "allows the public address %s",
    (a) => {
      expect(checkAddress(a)).toEqual({ ok: true });
    },
  );

  it("allows loopback only when asked, and nothing else that is not public", () => {
    expect(checkAddress("127.0.0.1", { allowLoopback: true })).toEqual({ ok: true });
    expect(checkAddress("::1", { allowLoopback: true })).toEqual({ ok: true });
    for (const a of ["10.0.0.1", "169.254.169.254", "fd00:ec2::254", "::ffff:10.0.0.1"])
      expect(checkAddress(a, { allowLoopback: true }).ok).toBe(false);
  });
});

describe("checkFetchUrl", () => {
  it.each([
    ["file:///etc/passwd", /only http and https/],
    ["ftp://example.org/feed", /only http and https/],
    ["gopher://example.org/", /only http and https/],
    ["https://user:pw@example.org/feed", /credentials/],
    ["http://127.0.0.1/feed", /loopback/],
    ["http://[::1]:8080/", /loopback/],
    ["http://2130706433/", /loopback/],
    ["http://0x7f.1/", /loopback/],
    ["http://169.254.169.254/latest/meta-data/", /link-local/],
    ["http://[fd00:ec2::254]/", /unique-local/],
    ["http://localhost/", /loopback name/],
    ["http://api.localhost/", /loopback name/],
    ["not a url", /not a valid absolute URL/],
  ])("refuses %s", (url, reason) => {
    const verdict = checkFetchUrl(url);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it("never fetches the Lambda runtime API, even where loopback is allowed", () => {
    const policy = { allowLoopback: true, runtimeApi: "127.0.0.1:9001" };
    expect(checkFetchUrl("http://127.0.0.1:9001/2018-06-01/runtime/invocation/next", policy)).toEqual({
      ok: false,
      reason: "the Lambda runtime API is never fetched",
    });
    expect(checkFetchUrl("http://127.0.0.1:9002/", policy).ok).toBe(true);
  });

  it("passes public http(s) URLs (host names are checked again after DNS)", () => {
    expect(checkFetchUrl("https://news.example.org/feed.xml").ok).toBe(true);
    expect(checkFetchUrl("http://93.184.215.14/rss").ok).toBe(true);
  });
});
