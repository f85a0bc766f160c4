/**
 * HTML to plain text on a parsed DOM (linkedom, htmlparser2 underneath): the parser decodes every HTML entity
 * (all 2,231 named ones, numeric ones) and handles real-world markup (unclosed paragraphs, stray end tags).
 * We only walk the tree: block elements become paragraph breaks, `<br>` a line break, and elements that are
 * never text (scripts, styles, forms, embedded media) are skipped.
 */
import { parseHTML } from "linkedom";
import { normaliseText } from "./normalise-text.ts";

/** A DOM node as far as the walker needs it (linkedom's types are the browser's, which we do not load). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

export type HtmlDocument = ReturnType<typeof parseHTML>["document"];

const SKIP = new Set([
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
const BLOCK = new Set([
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

/** The text of a DOM subtree, with paragraph breaks for blocks; iterative, so deep nesting cannot overflow the stack. */
export function nodeToText(root: DomNode): string {
  const out: string[] = [];
  // A stack of nodes to visit, and markers that close a block after its children.
  const stack: (DomNode | "block-end")[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) break;
    if (node === "block-end") {
      out.push("\n\n");
      continue;
    }
    if (node.nodeType === 3) {
      out.push((node.textContent ?? "").replace(/[ \t\n\r\f]+/g, " "));
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIP.has(name)) continue;
    if (name === "BR") {
      out.push("\n");
      continue;
    }
    const block = BLOCK.has(name) || name === "TD" || name === "TH";
    if (block) {
      out.push(name === "TD" || name === "TH" ? " " : "\n\n");
      stack.push("block-end");
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child) stack.push(child);
    }
  }
  return normaliseText(out.join(""));
}

/** HTML (a document or a fragment) to plain text: entities decoded, scripts and styles dropped, paragraphs kept. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return normaliseText(html.replace(/[ \t\n\r\f]+/g, " "));
  const document = parseHtmlDocument(html);
  return nodeToText((document.body ?? document.documentElement) as unknown as DomNode);
}
