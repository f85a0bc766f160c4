/**
 * Which addresses an outbound fetch may reach: public unicast only. Classification is ipaddr.js's; on top of its
 * ranges we refuse the IPv6 forms that embed an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, the deprecated
 * IPv4-compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16, Teredo), because ipaddr.js classifies
 * ::7f00:1 (= ::127.0.0.1) as "unicast". Pure: no DNS here; the fetch adapter resolves and calls these.
 */
import ipaddr from "ipaddr.js";

export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const REFUSED_RANGE_REASON: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (this includes the instance metadata service)",
  loopback: "a loopback address",
  private: "a private (RFC 1918) address",
  carrierGradeNat: "a carrier-grade NAT (100.64.0.0/10) address",
  uniqueLocal: "a unique-local (fc00::/7) address",
  reserved: "a reserved address",
  benchmarking: "a benchmarking address",
  ipv4Mapped: "an IPv4-mapped IPv6 address",
  rfc6145: "an IPv4-translated IPv6 address",
  rfc6052: "a NAT64 (64:ff9b::/96) address",
  "6to4": "a 6to4 (2002::/16) address",
  teredo: "a Teredo address",
  discard: "a discard-only address",
  as112: "an AS112 address",
  as112v6: "an AS112 address",
  amt: "an AMT address",
  orchid2: "an ORCHIDv2 address",
  deprecated: "a deprecated address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
};

export interface AddressPolicy {
  /** Tests and local replay only: allow loopback (127.0.0.0/8, ::1). The deployed stack never sets this. */
  allowLoopback?: boolean;
}

/** Whether a fetch may connect to this IP address (a literal, v4 or v6). */
export function checkAddress(address: string, policy: AddressPolicy = {}): AddressVerdict {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return { ok: false, reason: `"${address}" is not an IP address` };
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    const parts = v6.parts;
    // ::a.b.c.d (IPv4-compatible, deprecated): ipaddr.js calls these unicast. Only :: and ::1 are not embedded IPv4.
    if (parts.slice(0, 6).every((p) => p === 0) && !(parts[6] === 0 && (parts[7] ?? 0) <= 1))
      return { ok: false, reason: `${address} is an IPv4-compatible IPv6 address` };
    if (v6.isIPv4MappedAddress()) {
      const inner = checkAddress(v6.toIPv4Address().toString(), policy);
      return inner.ok ? { ok: false, reason: `${address} is an IPv4-mapped IPv6 address` } : inner;
    }
  }
  const range = parsed.range();
  if (range === "unicast") return { ok: true };
  if (range === "loopback" && policy.allowLoopback) return { ok: true };
  return { ok: false, reason: `${address} is ${REFUSED_RANGE_REASON[range] ?? `in the ${range} range`}` };
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

export interface UrlPolicy extends AddressPolicy {
  /** The Lambda runtime API ("host:port", from AWS_LAMBDA_RUNTIME_API): never fetched, loopback allowed or not. */
  runtimeApi?: string;
}

const defaultPort = (url: URL) => url.port || (url.protocol === "https:" ? "443" : "80");

/**
 * Whether a URL may be fetched before any DNS lookup: http(s) only, no credentials, not the Lambda runtime API,
 * and when the host is an IP literal, a public one. Host names are checked again after resolution.
 */
export function checkFetchUrl(raw: string | URL, policy: UrlPolicy = {}): UrlVerdict {
  let url: URL;
  try {
    url = typeof raw === "string" ? new URL(raw) : raw;
  } catch {
    return { ok: false, reason: `not a valid absolute URL: "${String(raw).slice(0, 100)}"` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: `only http and https are fetched, not "${url.protocol.replace(/:$/, "")}"` };
  if (url.username || url.password) return { ok: false, reason: "URLs with credentials are not fetched" };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!host) return { ok: false, reason: "the URL has no host" };
  if (policy.runtimeApi && isRuntimeApi(host, defaultPort(url), policy.runtimeApi))
    return { ok: false, reason: "the Lambda runtime API is never fetched" };
  if (ipaddr.isValid(host)) {
    const verdict = checkAddress(host, policy);
    if (!verdict.ok) return { ok: false, reason: `refused: ${verdict.reason}` };
  } else if (/^localhost$|\.localhost$/i.test(host.replace(/\.$/, "")) && !policy.allowLoopback) {
    return { ok: false, reason: `refused: ${host} is a loopback name` };
  }
  return { ok: true, url };
}

/** True when host:port is the Lambda runtime API endpoint (given as "host:port"). */
export function isRuntimeApi(host: string, port: string, runtimeApi: string): boolean {
  const at = runtimeApi.lastIndexOf(":");
  const apiHost = (at > 0 ? runtimeApi.slice(0, at) : runtimeApi).replace(/^\[|\]$/g, "").toLowerCase();
  const apiPort = at > 0 ? runtimeApi.slice(at + 1) : "80";
  const same =
    apiHost === host.toLowerCase() ||
    (ipaddr.isValid(apiHost) &&
      ipaddr.isValid(host) &&
      ipaddr.process(apiHost).toString() === ipaddr.process(host).toString());
  return same && apiPort === port;
}
