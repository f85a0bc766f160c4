/**
 * normaliseText beyond test/unit/normalise.test.ts: the line endings, Unicode forms and edge spaces that real copy
 * arrives with, and why they matter (the content hash, and so duplicate detection, is taken on this text).
 */
import { describe, expect, it } from "vitest";
import { contentHash } from "../../../lambdas/core/ingest/normalise.ts";
import { normaliseText, normaliseTitle } from "../../../lambdas/core/text/normalise-text.ts";

describe("normaliseText", () => {
  it("composes decomposed accents, so one text typed two ways is one text (and one content hash)", () => {
    const composed = "Caf\u00e9 owners in Malm\u00f6 protest";
    const decomposed = "Cafe\u0301 owners in Malmo\u0308 protest";
    expect(normaliseText(decomposed)).toBe(composed);
    expect(contentHash(normaliseTitle(decomposed), normaliseText(`${decomposed} again.`))).toBe(
      contentHash(normaliseTitle(composed), normaliseText(`${composed} again.`)),
    );
  });

  it("reads a lone carriage return (old Mac line endings) as a line break", () => {
    expect(normaliseText("First line\rSecond line\r\rNew paragraph")).toBe(
      "First line\nSecond line\n\nNew paragraph",
    );
  });

  it("trims the spaces at both ends of every line", () => {
    expect(normaliseText("First line  \n   second line \n\n  third")).toBe(
      "First line\nsecond line\n\nthird",
    );
  });
});
