import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../lambdas/core/errors.ts";
import { decodeDocument } from "../../../lambdas/core/text/decode.ts";

const latin1 = (s: string) => Buffer.from(s, "latin1");
const cp1252 = (s: string) =>
  Buffer.from(
    [...s].map(
      (c) =>
        ({ "\u201c": 0x93, "\u201d": 0x94, "\u2019": 0x92, "\u20ac": 0x80, "\u2013": 0x96 })[c] ??
        c.charCodeAt(0),
    ),
  );

describe("decodeDocument", () => {
  it("takes UTF-8 as declared", () => {
    const doc = decodeDocument(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><t>Café</t>'), {
      kind: "xml",
      what: "x",
    });
    expect(doc).toEqual({ text: '<?xml version="1.0" encoding="UTF-8"?><t>Café</t>', encoding: "utf-8" });
  });

  it("decodes ISO-8859-1 bytes declared as UTF-8 as windows-1252, and says the declaration was overruled", () => {
    const doc = decodeDocument(latin1('<?xml version="1.0" encoding="utf-8"?><t>Caf\u00e9 cr\u00e8me</t>'), {
      kind: "xml",
      what: "x",
    });
    expect(doc.text).toContain("Café crème");
    expect(doc.encoding).toBe("windows-1252");
    expect(doc.overruled).toBe("utf-8");
  });

  it("decodes UTF-8 bytes declared as ISO-8859-1 as UTF-8 (no mojibake)", () => {
    const doc = decodeDocument(
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Zürich – Malmö</t>'),
      { kind: "xml", what: "x" },
    );
    expect(doc.text).toContain("Zürich – Malmö");
    expect(doc.encoding).toBe("utf-8");
  });

  it("maps windows-1252 smart quotes, dashes and the euro sign (0x80-0x9F), not C1 controls", () => {
    const doc = decodeDocument(
      cp1252('<meta charset="windows-1252"><p>\u201cNo\u201d \u2013 \u20ac5 and it\u2019s</p>'),
      { kind: "html", what: "x" },
    );
    expect(doc.text).toContain("\u201cNo\u201d \u2013 \u20ac5 and it\u2019s");
  });

  it("prefers the HTTP charset to the document's own declaration", () => {
    const doc = decodeDocument(latin1('<meta charset="utf-8"><p>na\u00efve</p>'), {
      kind: "html",
      what: "x",
      contentType: "text/html; charset=ISO-8859-1",
    });
    expect(doc.text).toContain("naïve");
  });

  it("honours a byte-order mark over any declaration", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>ø</t>', "utf16le"),
    ]);
    expect(decodeDocument(bytes, { kind: "xml", what: "x" }).text).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><t>ø</t>',
    );
  });

  it("decodes other declared encodings (KOI8-R)", () => {
    const bytes = Buffer.from([0x3c, 0x70, 0x3e, 0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]);
    expect(
      decodeDocument(bytes, { kind: "html", what: "x", contentType: "text/html; charset=koi8-r" }).text,
    ).toBe("<p>Привет");
  });

  it("refuses an unknown encoding and binary content with a message naming the document", () => {
    expect(() =>
      decodeDocument(Buffer.from("<p>x</p>"), {
        kind: "html",
        what: "the page",
        contentType: "text/html; charset=x-nonsense",
      }),
    ).toThrow(/the page declares an unknown character encoding "x-nonsense"/);
    expect(() => decodeDocument(Buffer.from([0x3c, 0x00, 0x3e]), { kind: "xml", what: "the feed" })).toThrow(
      ValidationError,
    );
  });
});
