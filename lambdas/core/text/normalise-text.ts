// C0/C1 controls except tab and newlines, zero-width characters, BOM, lone surrogates.
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Canonical plain text: Unicode NFC, no control characters, single spaces within lines, paragraphs separated by
 * one blank line, trimmed. Idempotent: normaliseText(normaliseText(x)) === normaliseText(x).
 */
export function normaliseText(text: string): string {
  // NFC after removing controls: a removed joiner or lone surrogate can bring a letter and its combining mark together.
  return text
    .replace(/\r\n?/g, "\n")
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
