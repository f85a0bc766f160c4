/**
 * Bytes of a fetched or dropped document (a feed, a page) to text. The decoding itself is the platform's
 * WHATWG TextDecoder; what is ours is choosing the encoding, because real documents often declare the wrong one:
 *
 *   1. a byte-order mark wins;
 *   2. then the HTTP charset, then the document's own declaration (XML `encoding=`, HTML `<meta charset>`);
 *   3. a declared (or assumed) UTF-8 that is not valid UTF-8 is decoded as windows-1252, the web's legacy default;
 *   4. a declared single-byte Latin encoding whose bytes are valid UTF-8 with multi-byte sequences is UTF-8
 *      (Latin-1 text almost never forms valid UTF-8 by accident, while mislabelled UTF-8 is common).
 *
 * ISO-8859-1 and US-ASCII labels decode as windows-1252, as the WHATWG Encoding standard (and every browser) does.
 */
import { ValidationError } from "../errors.ts";
import { windows1252Controls } from "./normalise-text.ts";

export type DocumentKind = "xml" | "html" | "json" | "text";

const LATIN =
  /^(?:iso-?8859-1|latin-?1|l1|us-ascii|ascii|windows-1252|cp1252|x-cp1252|iso_8859-1(?::1987)?)$/i;
const UTF8 = /^(?:utf-?8|unicode-1-1-utf-8)$/i;

function bom(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return contentType ? /charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType)?.[1] : undefined;
}

/** The encoding a document declares in its first bytes (XML declaration or HTML meta), read as ASCII. */
export function declaredEncoding(bytes: Uint8Array, kind: DocumentKind): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 2048)).toString("latin1");
  if (kind === "xml" || (kind === "html" && head.trimStart().startsWith("<?xml"))) {
    const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head)?.[1];
    if (xml) return xml;
  }
  if (kind === "html" || kind === "xml") {
    const meta =
      /<meta[^>]+charset\s*=\s*["']?([^"'\s/>;]+)/i.exec(head)?.[1] ??
      /<meta[^>]+content\s*=\s*["'][^"']*charset=([^"'\s;]+)/i.exec(head)?.[1];
    if (meta && kind === "html") return meta;
  }
  return undefined;
}

function decodeWindows1252(bytes: Uint8Array): string {
  // Node 20's TextDecoder("windows-1252") decodes 0x80-0x9F as the C1 controls of ISO-8859-1.
  return windows1252Controls(new TextDecoder("windows-1252").decode(bytes));
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function validUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label);
  } catch {
    return undefined;
  }
}

export interface Decoded {
  text: string;
  /** The encoding used (a WHATWG name such as "utf-8" or "windows-1252"). */
  encoding: string;
  /** What was declared, when it was overruled by the bytes. */
  overruled?: string;
}

/**
 * Decodes a document's bytes, choosing the encoding as described above. Throws a ValidationError for binary
 * content (NUL bytes in a single-byte or UTF-8 text) and for an encoding no decoder knows.
 */
export function decodeDocument(
  bytes: Uint8Array,
  options: { contentType?: string; kind: DocumentKind; what: string },
): Decoded {
  const fromBom = bom(bytes);
  if (fromBom) return finish(new TextDecoder(fromBom).decode(bytes), fromBom, options.what);
  const declared = charsetOf(options.contentType) ?? declaredEncoding(bytes, options.kind);
  const utf8 = validUtf8(bytes);
  if (!declared || UTF8.test(declared)) {
    if (utf8 !== undefined) return finish(utf8, "utf-8", options.what);
    return finish(decodeWindows1252(bytes), "windows-1252", options.what, declared ?? "utf-8 (assumed)");
  }
  if (LATIN.test(declared)) {
    if (utf8 !== undefined && /[\u0080-\uffff]/.test(utf8))
      return finish(utf8, "utf-8", options.what, declared);
    return finish(decodeWindows1252(bytes), "windows-1252", options.what);
  }
  const decoder = decoderFor(declared);
  if (!decoder)
    throw new ValidationError(
      `${options.what} declares an unknown character encoding "${declared.slice(0, 40)}"`,
      {
        status: 415,
        code: "unsupported_encoding",
      },
    );
  const text = decoder.encoding === "windows-1252" ? decodeWindows1252(bytes) : decoder.decode(bytes);
  return finish(text, decoder.encoding, options.what);
}

function finish(text: string, encoding: string, what: string, overruled?: string): Decoded {
  if (text.includes("\u0000"))
    throw new ValidationError(`${what} looks binary (contains NUL bytes)`, { code: "binary_content" });
  return { text: text.replace(/^\uFEFF/, ""), encoding, ...(overruled ? { overruled } : {}) };
}
