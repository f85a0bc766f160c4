/**
 * HTML to plain text with htmlparser2 (the parser linkedom is built on, one copy in the bundle): it decodes every
 * HTML entity (all 2,231 named ones, numeric ones) and copes with real-world markup (unclosed paragraphs, stray end
 * tags, unquoted attributes). We only listen to its events: block elements become paragraph breaks, `<br>` a line
 * break, and elements that are never text (scripts, styles, forms, embedded media) are skipped. No DOM is built,
 * so the ingest API (which takes HTML bodies but no pages) does not carry one; pages/extract.ts parses pages with
 * linkedom for Readability.
 */
import { Parser } from "htmlparser2";
import { normaliseText } from "./normalise-text.ts";

export const SKIP = new Set([
  "SCRIPT",
  "STYLE",
  "NOSCRIPT",
  "TEMPLATE",
  "SVG",
  "MATH",
  "HEAD",
  "IFRAME",
  "OBJECT",
  "EMBED",
  "CANVAS",
  "VIDEO",
  "AUDIO",
  "SELECT",
  "BUTTON",
  "TEXTAREA",
  "INPUT",
  "FORM",
]);
export const BLOCK = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "DD",
  "DETAILS",
  "DIV",
  "DL",
  "DT",
  "FIELDSET",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "SUMMARY",
  "TABLE",
  "TR",
  "UL",
  "BODY",
  "HTML",
]);

/** HTML (a document or a fragment) to plain text: entities decoded, scripts and styles dropped, paragraphs kept. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return normaliseText(html.replace(/[ \t\n\r\f]+/g, " "));
  const out: string[] = [];
  let skipping = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        const tag = name.toUpperCase();
        if (SKIP.has(tag)) skipping++;
        else if (skipping === 0) {
          if (tag === "BR") out.push("\n");
          else if (BLOCK.has(tag)) out.push("\n\n");
          else if (tag === "TD" || tag === "TH") out.push(" ");
        }
      },
      ontext(text) {
        if (skipping === 0) out.push(text.replace(/[ \t\n\r\f]+/g, " "));
      },
      onclosetag(name) {
        const tag = name.toUpperCase();
        if (SKIP.has(tag)) skipping = Math.max(0, skipping - 1);
        else if (skipping === 0 && BLOCK.has(tag)) out.push("\n\n");
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return normaliseText(out.join(""));
}
