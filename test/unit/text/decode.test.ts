/**
 * How decodeDocument picks an encoding (lambdas/core/text/decode.ts): the byte-order marks, each place a document
 * can declare its charset, and when the bytes overrule a declaration. test/unit/feeds/decode.test.ts has the
 * first cases; these pin the others, each with text that comes out wrong when the choice is wrong.
 */
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lambdas/core/errors.ts";
import { type DocumentKind, decodeDocument } from "../../../lambdas/core/text/decode.ts";

// "Привет, мир" (hello, world) in KOI8-R: not valid UTF-8, and mojibake when read as windows-1252.
const KOI8_HELLO = [0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x2c, 0x20, 0xcd, 0xc9, 0xd2];
const HELLO = "Привет, мир";

/** An ASCII prefix, the KOI8-R greeting, an ASCII suffix. */
const koi8 = (before: string, after = "</p>") =>
  Buffer.concat([Buffer.from(before, "latin1"), Buffer.from(KOI8_HELLO), Buffer.from(after, "latin1")]);

const decode = (bytes: Uint8Array, kind: DocumentKind, contentType?: string) =>
  decodeDocument(bytes, { kind, what: "the page", ...(contentType ? { contentType } : {}) });

function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("byte-order marks", () => {
  it("reads a UTF-8 byte-order mark as UTF-8 over a meta tag that says otherwise, and drops the mark", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('<meta charset="koi8-r"><p>Café crème</p>'),
    ]);
    expect(decode(bytes, "html")).toEqual({
      text: '<meta charset="koi8-r"><p>Café crème</p>',
      encoding: "utf-8",
    });
  });

  it("reads a big-endian UTF-16 document by its byte-order mark", () => {
    const le = Buffer.from('<?xml version="1.0"?><t>Zürich – Kraków</t>', "utf16le");
    const be = Buffer.from(le);
    be.swap16();
    const doc = decode(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), "xml");
    expect(doc).toEqual({ text: '<?xml version="1.0"?><t>Zürich – Kraków</t>', encoding: "utf-16be" });
  });

  it("does not take a Latin-1 text that starts with þ or ÿ for UTF-16", () => {
    // Icelandic "þetta" (this) and a word starting with ÿ: the first byte of a UTF-16 mark, not the second.
    const thorn = decode(Buffer.from("\u00feetta er frétt um sendiherra.", "latin1"), "text");
    expect(thorn).toMatchObject({ text: "þetta er frétt um sendiherra.", encoding: "windows-1252" });
    const yuml = decode(Buffer.from("\u00ffle de nuit, dit-il.", "latin1"), "text");
    expect(yuml).toMatchObject({ text: "ÿle de nuit, dit-il.", encoding: "windows-1252" });
  });

  it("keeps no second byte-order mark (a file a tool saved with a mark of its own) as text", () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), Buffer.from("Envoys")]);
    expect(decode(bytes, "text").text).toBe("Envoys");
  });
});

describe("declared encodings", () => {
  it("reads an HTML meta charset, quoted or not, with spaces or other attributes around it", () => {
    for (const meta of [
      '<meta charset="koi8-r">',
      "<meta charset=koi8-r>",
      "<meta charset='koi8-r'/>",
      '<meta data-rh="true" charset = "koi8-r">',
    ]) {
      const doc = decode(koi8(`<html><head>${meta}</head><body><p>`), "html");
      expect(doc.text, meta).toContain(HELLO);
      expect(doc.encoding, meta).toBe("koi8-r");
    }
  });

  it("reads the charset of an http-equiv Content-Type meta tag", () => {
    const doc = decode(
      koi8('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>'),
      "html",
    );
    expect(doc.text).toContain(HELLO);
  });

  it("reads the encoding of an XHTML page from its XML declaration", () => {
    const doc = decode(koi8('\n <?xml version="1.0" encoding="KOI8-R"?>\n<html><body><p>'), "html");
    expect(doc.text).toContain(HELLO);
    expect(doc.encoding).toBe("koi8-r");
  });

  it("reads an XML declaration with spaces around its equals sign, and a meta charset after one without encoding", () => {
    expect(decode(koi8('<?xml version="1.0" encoding = "koi8-r"?><p>'), "xml").text).toContain(HELLO);
    const xhtml = koi8('<?xml version="1.0"?><html><head><meta charset="koi8-r"></head><body><p>');
    expect(decode(xhtml, "html")).toMatchObject({ encoding: "koi8-r" });
  });

  it("takes a Content-Type charset with spaces around the equals sign", () => {
    expect(decode(koi8("<p>"), "html", "text/html; charset = koi8-r").text).toBe(`<p>${HELLO}</p>`);
  });

  it("does not decode an XML feed by a meta tag quoted in its content", () => {
    const feed = Buffer.from(
      '<rss><channel><item><description><![CDATA[<meta charset="koi8-r"><p>Zürich</p>]]></description></item></channel></rss>',
    );
    expect(decode(feed, "xml")).toEqual({ text: feed.toString("utf8"), encoding: "utf-8" });
  });

  it("does not decode a JSON or plain-text document by markup it quotes", () => {
    for (const kind of ["json", "text"] as const) {
      const bytes = Buffer.from(
        `<?xml version="1.0" encoding="koi8-r"?> {"html": "<meta charset=\\"koi8-r\\"><p>Zürich</p>"}`,
      );
      expect(decode(bytes, kind), kind).toEqual({ text: bytes.toString("utf8"), encoding: "utf-8" });
    }
  });

  it("reads every WHATWG label of windows-1252, curly quotes included", () => {
    // cp819 and iso88591 are labels of windows-1252 that the Latin shortcut does not list.
    for (const label of ["cp819", "iso88591"]) {
      const doc = decode(
        Buffer.from([0x49, 0x74, 0x92, 0x73, 0x20, 0x93, 0x6f, 0x6b, 0x94]),
        "text",
        `text/plain; charset=${label}`,
      );
      expect(doc, label).toEqual({ text: "It\u2019s \u201cok\u201d", encoding: "windows-1252" });
    }
  });
});

describe("when the bytes overrule the declaration", () => {
  it("says so when undeclared bytes are not UTF-8 (UTF-8 was only assumed)", () => {
    expect(decode(Buffer.from("Caf\u00e9 cr\u00e8me", "latin1"), "text")).toEqual({
      text: "Café crème",
      encoding: "windows-1252",
      overruled: "utf-8 (assumed)",
    });
  });

  it("keeps a Latin-1 declaration for plain ASCII bytes: nothing in them says otherwise", () => {
    expect(decode(Buffer.from("Envoys expelled"), "text", "text/plain; charset=ISO-8859-1")).toEqual({
      text: "Envoys expelled",
      encoding: "windows-1252",
    });
  });
});

describe("refusals", () => {
  it("answers 415 unsupported_encoding for an unknown charset, quoting at most 40 characters of it", () => {
    const label = `x-${"nonsense".repeat(20)}`;
    const error = refusal(() => decode(Buffer.from("<p>x</p>"), "html", `text/html; charset=${label}`));
    expect(error.status).toBe(415);
    expect(error.code).toBe("unsupported_encoding");
    expect(error.message).toBe(`the page declares an unknown character encoding "${label.slice(0, 40)}"`);
  });

  it("answers binary_content for bytes with NULs, whatever the encoding", () => {
    const error = refusal(() => decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), "text"));
    expect(error.status).toBe(400);
    expect(error.code).toBe("binary_content");
    expect(error.message).toBe("the page looks binary (contains NUL bytes)");
  });
});
