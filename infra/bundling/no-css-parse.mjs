// Stands in for linkedom's CSS parser (cssomnom, 194 KB minified) in the Lambda bundles. linkedom loads it only
// for HTMLStyleElement.sheet, which neither Readability nor our HTML-to-text code reads; anything that did would
// get this error instead of a silently empty style sheet.
export function parse() {
  throw new Error("CSS parsing is not bundled in wirewatch functions (see infra/bundling/no-css-parse.mjs)");
}
