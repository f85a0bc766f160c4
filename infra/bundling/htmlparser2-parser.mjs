// Stands in for htmlparser2's package entry in the Lambda bundles: our HTML-to-text code and linkedom use only its
// `Parser`, but the entry also re-exports DomUtils and the feed helpers, which pull dom-serializer and its own copy
// of `entities` (4.x) with its encode and decode tables: 77 KB per bundle that nothing calls. The Parser itself
// (and its Tokenizer, which decodes with the `entities` 7 the rest of the bundle shares) is htmlparser2's own file.
// Any other import from "htmlparser2" fails the build (esbuild: no matching export), never silently.
export { Parser } from "../../node_modules/htmlparser2/dist/esm/Parser.js";
