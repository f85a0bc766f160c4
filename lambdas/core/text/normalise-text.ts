// C0/C1 controls except tab and newlines, zero-width characters, BOM, lone surrogates.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * windows-1252 bytes 0x80-0x9F (the WHATWG index): curly quotes, dashes, the euro sign. Unassigned bytes keep
 * their C1 code point (and are removed as controls).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * C1 controls read as the windows-1252 characters they almost always are in real text: a page or a client that
 * decoded windows-1252 as ISO-8859-1 turns "Russia’s" into "Russia\u0092s". Real text has no other use for them.
 */
export function windows1252Controls(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) =>
    String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c.charCodeAt(0)),
  );
}

/**
 * Canonical plain text: Unicode NFC, C1 controls read as windows-1252, no control characters, single spaces within lines, paragraphs separated by
 * one blank line, trimmed. Idempotent: normaliseText(normaliseText(x)) === normaliseText(x).
 */
export function normaliseText(text: string): string {
  // NFC after removing controls: a removed joiner or lone surrogate can bring a letter and its combining mark together.
  return windows1252Controls(text.replace(/\r\n?/g, "\n"))
    .replace(CONTROL, "")
    .normalize("NFC")
    .replace(/[\t\f\v\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, " ")
    .split(/\n[ \n]*\n/)
    .map((paragraph) =>
      paragraph
        .split("\n")
        .map((line) => line.replace(/ {2,}/g, " ").trim())
        .filter(Boolean)
        .join("\n"),
    )
    .filter(Boolean)
    .join("\n\n")
    .trim();
}

/**
 * A title is text: "<IBM>", "Profit <5%" and even "<script>" are words of a headline, stored as they are and
 * encoded by whatever renders them. Normalising makes it one line: control and zero-width characters removed,
 * whitespace collapsed, NFC. Idempotent, as normaliseText is.
 */
export function normaliseTitle(title: string): string {
  return normaliseText(title).replace(/\s+/g, " ").trim();
}
