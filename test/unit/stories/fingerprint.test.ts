import { describe, expect, it } from "vitest";
import { STORY_RULES } from "../../../lambdas/core/stories/assign.ts";
import {
  bandKeys,
  decodeSignature,
  encodeSignature,
  fingerprint,
  hashString,
  leadContainment,
  minhash,
  similarity,
  storyText,
  storyTitle,
  words,
} from "../../../lambdas/core/stories/fingerprint.ts";
import {
  EARNINGS_Q1,
  EARNINGS_Q2,
  ORIGINAL,
  OTHER_EXPULSION,
  TRIMMED_WITH_CREDIT,
} from "../../support/story-texts.ts";

const params = STORY_RULES.params;
const fp = (t: { title: string; body: string }) => fingerprint({ title: t.title, text: t.body }, params);

describe("story text", () => {
  it("drops wire datelines, credit lines and copyright notices", () => {
    expect(storyText("BERLIN (Reuters) - The minister resigned.")).toBe("The minister resigned.");
    expect(storyText("WASHINGTON, May 3 (AP) — Talks resumed.")).toBe("Talks resumed.");
    expect(storyText("(AFP) - Talks resumed.")).toBe("Talks resumed.");
    expect(storyText("Talks resumed. (Reporting by Ana Lind; Editing by Tomas Berg)").trim()).toBe(
      "Talks resumed.",
    );
    expect(storyText("Talks resumed.\nCopyright 2026 Example Daily. All rights reserved.").trim()).toBe(
      "Talks resumed.",
    );
  });

  it("keeps text that only looks like boilerplate", () => {
    expect(storyText("The ministry (which declined to comment) said talks resumed.")).toContain("declined");
    expect(storyText("Reporting by the state broadcaster was restricted.")).toContain("Reporting by");
  });

  it("strips desk prefixes from headlines", () => {
    expect(storyTitle("UPDATE 1-Valdoria expels four diplomats")).toBe("Valdoria expels four diplomats");
    expect(storyTitle("REFILE-CORRECTED-Talks resume")).toBe("Talks resume");
    expect(storyTitle("Update on the talks")).toBe("Update on the talks");
  });

  it("folds case and accents, spells out unit abbreviations and keeps numbers", () => {
    expect(words("Zürich sales rose 5 pct to 12 mln dlrs in the U.S.")).toEqual([
      "zurich",
      "sales",
      "rose",
      "5",
      "percent",
      "to",
      "12",
      "million",
      "dollars",
      "in",
      "the",
      "us",
    ]);
    expect(words("up 3 per cent")).toEqual(["up", "3", "percent"]);
  });
});

describe("MinHash", () => {
  /** A deterministic pseudo-random word set with a chosen overlap. */
  function sets(size: number, shared: number, seed: number): [Uint32Array, Uint32Array] {
    const a = Array.from({ length: size }, (_, i) => hashString(`w${seed}-${i}`));
    const b = [
      ...a.slice(0, shared),
      ...Array.from({ length: size - shared }, (_, i) => hashString(`v${seed}-${i}`)),
    ];
    return [Uint32Array.from(a), Uint32Array.from(b)];
  }

  it("estimates Jaccard similarity within the expected error (1/sqrt(120) = 0.09)", () => {
    const errors: number[] = [];
    for (let seed = 0; seed < 40; seed++) {
      const shared = 20 + ((seed * 37) % 180);
      const [a, b] = sets(200, shared, seed);
      const exact = shared / (400 - shared);
      const est = similarity(
        { signature: minhash(a, params.hashes), shingles: a.length },
        { signature: minhash(b, params.hashes), shingles: b.length },
      ).jaccard;
      errors.push(Math.abs(est - exact));
    }
    expect(Math.max(...errors)).toBeLessThan(0.3);
    expect(errors.reduce((x, y) => x + y) / errors.length).toBeLessThan(0.06);
  });

  it("estimates containment: a trimmed copy is nearly contained in its original", () => {
    const s = similarity(fp(ORIGINAL), fp(TRIMMED_WITH_CREDIT));
    expect(s.jaccard).toBeLessThan(0.9);
    expect(s.containment).toBeGreaterThan(0.85);
  });

  it("is deterministic: every instance computes the same signature for the same text", () => {
    expect([...fp(ORIGINAL).signature]).toEqual([...fp({ ...ORIGINAL }).signature]);
  });

  it("puts near-duplicates in a shared LSH bucket; distinct stories stay below both thresholds", () => {
    const shared = (x: string[], y: string[]) => x.filter((k) => y.includes(k)).length;
    const original = bandKeys(fp(ORIGINAL), params.bands);
    expect(original).toHaveLength(params.bands + 1); // and the lead key
    expect(original.at(-1)).toMatch(/^lead:[0-9a-f]{8}$/);
    expect(shared(original, bandKeys(fp(TRIMMED_WITH_CREDIT), params.bands))).toBeGreaterThan(0);
    // Sharing a bucket only makes a candidate; the signatures decide.
    for (const [a, b] of [
      [ORIGINAL, OTHER_EXPULSION],
      [EARNINGS_Q1, EARNINGS_Q2],
    ] as const) {
      const s = similarity(fp(a), fp(b));
      expect(s.jaccard).toBeLessThan(STORY_RULES.jaccard);
      expect(s.containment).toBeLessThan(STORY_RULES.containment);
    }
  });

  it("measures a brief cut from the top of a story exactly against the story's lead", () => {
    const brief = {
      title: "Valdoria expels diplomats",
      body: `NORDHAVEN (Sample Post) - ${ORIGINAL.body.split("\n\n")[0]}`,
    };
    const lead = leadContainment(fp(brief), fp(ORIGINAL));
    expect(lead?.containment).toBe(1);
    expect(lead?.smaller).toBeGreaterThan(20);
    expect(bandKeys(fp(brief), params.bands).at(-1)).toBe(bandKeys(fp(ORIGINAL), params.bands).at(-1));
    // Two long bodies: no lead comparison (the MinHash estimates decide).
    expect(
      leadContainment(fp(ORIGINAL), fp({ ...ORIGINAL, body: `${ORIGINAL.body}\n\n${ORIGINAL.body}x` })),
    ).toBeUndefined();
    expect(leadContainment(fp(brief), fp(OTHER_EXPULSION))?.containment ?? 0).toBeLessThan(0.2);
  });

  it("gives an empty text no band keys, and no similarity to anything", () => {
    const empty = fingerprint({ title: "", text: "" }, params);
    expect(bandKeys(empty, params.bands)).toEqual([]);
    expect(similarity(empty, fp(ORIGINAL)).jaccard).toBe(0);
  });

  it("stores signatures as base64 and reads them back unchanged", () => {
    const sig = fp(ORIGINAL).signature;
    expect([...decodeSignature(encodeSignature(sig))]).toEqual([...sig]);
  });
});
