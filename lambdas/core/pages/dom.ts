/** linkedom documents for page extraction (Readability needs a DOM). Only pages/ imports this. */
import { parseHTML } from "linkedom";

/** A DOM node as far as the walker needs it (linkedom's types are the browser's, which we do not load). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

export type HtmlDocument = ReturnType<typeof parseHTML>["document"];

/**
 * Parses an HTML document or fragment. linkedom builds no implied `<html>`/`<body>` (a fragment would lose all but
 * its first element), so a document without them gets them first.
 */
export function parseHtmlDocument(html: string): HtmlDocument {
  let source = html;
  if (!/<body[\s>]/i.test(source)) {
    if (/<\/head\s*>/i.test(source)) source = source.replace(/<\/head\s*>/i, "$&<body>");
    else if (/<html[\s>][^>]*>/i.test(source)) source = source.replace(/<html(?:\s[^>]*)?>/i, "$&<body>");
    else source = `<body>${source}</body>`;
  }
  if (!/<html[\s>]/i.test(source)) source = `<html>${source}</html>`;
  return parseHTML(source).document;
}
