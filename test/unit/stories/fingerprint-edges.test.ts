/**
 * Fingerprint details the story rules depend on: the exact shingle counts (containment estimates divide by them),
 * the lead and its key, briefs measured against a lead whichever side is the brief, empty and short texts, and
 * signatures that stay the same from one release to the next (stories in the table keep the signatures and band
 * keys computed when their articles arrived; a change would leave those stories unfindable for a window).
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { STORY_RULES } from "../../../lambdas/core/stories/assign.ts";
import {
  bandKeys,
  encodeSignature,
  type Fingerprint,
  fingerprint,
  LEAD_SHINGLES,
  leadContainment,
  similarity,
  words,
} from "../../../lambdas/core/stories/fingerprint.ts";

const params = STORY_RULES.params;
const fp = (text: string, title = "") => fingerprint({ title, text }, params);
/** `n` distinct words, none of them boilerplate. */
const distinct = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `w${from + i}x`).join(" ");
const sha = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

describe("words", () => {
  it("reads 'per cent' as 'percent', and leaves 'per' before anything else alone", () => {
    expect(words("Output rose 6 per cent")).toEqual(["output", "rose", "6", "percent"]);
    expect(words("Earnings per share rose")).toEqual(["earnings", "per", "share", "rose"]);
    expect(words("a cent per unit")).toEqual(["a", "cent", "per", "unit"]);
  });

  it("leaves out function words only when asked", () => {
    expect(words("The minister said on Tuesday that the talks had failed", true)).toEqual([
      "minister",
      "tuesday",
      "talks",
      "failed",
    ]);
    expect(words("The minister said on Tuesday", false)).toEqual([
      "the",
      "minister",
      "said",
      "on",
      "tuesday",
    ]);
  });
});

describe("shingles", () => {
  it("counts one shingle per run of three words, the last run included", () => {
    expect(fp(distinct(10)).shingles).toBe(8);
    expect(fp(distinct(10)).bodyShingles).toBe(8);
    expect(fp(distinct(3)).shingles).toBe(1);
  });

  it("makes a text shorter than one shingle one shingle, so a two-word item still has a fingerprint", () => {
    const short = fp("Strike ends");
    expect(short.shingles).toBe(1);
    expect(bandKeys(short, params.bands)).toHaveLength(params.bands);
  });

  it("keeps the first 120 body shingles as the lead, in order", () => {
    const long = fp(distinct(200));
    expect(LEAD_SHINGLES).toBe(120);
    expect(long.bodyShingles).toBe(198);
    expect(long.lead).toHaveLength(120);
    expect([...(long.lead ?? [])]).toEqual([...(fp(distinct(122)).lead ?? [])]);
  });

  it("adds a lead key from the body's first eight words, and none for a shorter body", () => {
    const keys = (text: string) => bandKeys(fp(text), params.bands);
    expect(keys(distinct(8)).filter((k) => k.startsWith("lead:"))).toHaveLength(1);
    expect(keys(distinct(7)).filter((k) => k.startsWith("lead:"))).toHaveLength(0);
    // The key depends on the first eight words only.
    const lead = (text: string) => keys(text).find((k) => k.startsWith("lead:"));
    expect(lead(`${distinct(8)} tail one`)).toBe(lead(`${distinct(8)} other ending here`));
    expect(lead(distinct(8))).not.toBe(lead(distinct(8, 1)));
  });
});

describe("briefs against leads", () => {
  it("measures a brief against the longer text's lead whichever is given first", () => {
    const story = fp(distinct(300));
    const brief = fp(distinct(60));
    const one = leadContainment(story, brief);
    expect(one).toEqual({ containment: 1, smaller: 58 });
    expect(leadContainment(brief, story)).toEqual(one);
  });

  it("counts a body of exactly 120 shingles as a brief, and one of 121 as not", () => {
    const story = fp(distinct(400));
    expect(leadContainment(story, fp(distinct(122)))).toEqual({ containment: 1, smaller: 120 });
    expect(leadContainment(story, fp(distinct(123)))).toBeUndefined();
  });

  it("has no lead measure for an item without a body", () => {
    expect(leadContainment(fp("", "Strike ends at the docks"), fp(distinct(40)))).toBeUndefined();
  });

  it("has no lead measure for a fingerprint stored without a lead", () => {
    const full = fp(distinct(40));
    const stored: Fingerprint = { signature: full.signature, shingles: full.shingles };
    expect(leadContainment(full, stored)).toBeUndefined();
    expect(leadContainment(stored, full)).toBeUndefined();
    expect(leadContainment({ ...full, bodyShingles: undefined }, full)).toBeUndefined();
    expect(leadContainment(full, { ...full, bodyShingles: undefined })).toBeUndefined();
  });
});

describe("similarity", () => {
  it("gives a text a Jaccard estimate of exactly 1 with itself", () => {
    const a = fp(distinct(50));
    expect(similarity(a, a)).toEqual({ jaccard: 1, containment: 1, smaller: 48 });
  });

  it("never finds two empty texts alike (an empty item must not join another's story)", () => {
    expect(similarity(fp(""), fp(""))).toEqual({ jaccard: 0, containment: 0, smaller: 0 });
    expect(similarity(fp(""), fp(distinct(20)))).toEqual({ jaccard: 0, containment: 0, smaller: 0 });
    expect(similarity(fp(distinct(20)), fp(""))).toEqual({ jaccard: 0, containment: 0, smaller: 0 });
  });

  it("compares signatures of different lengths over the hashes both have", () => {
    const text = distinct(60);
    const full = fingerprint({ title: "", text }, params);
    const shorter = fingerprint({ title: "", text }, { ...params, hashes: 60, bands: 20 });
    expect(similarity(full, shorter).jaccard).toBe(1);
    expect(similarity(shorter, full).jaccard).toBe(1);
  });

  it("estimates the share of a partly overlapping text, not only of near-copies", () => {
    // 200 words each, 100 in common: |A ∩ B| = 98 shingles of 198, so the true containment is about 0.49.
    const a = fp(distinct(200));
    const b = fp(distinct(200, 100));
    const s = similarity(a, b);
    expect(s.smaller).toBe(198);
    expect(Math.abs(s.containment - 98 / 198)).toBeLessThan(0.2);
    expect(s.containment).toBeLessThan(0.75);
  });
});

describe("stored form", () => {
  it("computes the same signature and band keys as earlier releases did (the table keeps them)", () => {
    const f = fingerprint(
      {
        title: "Harbour cranes idle as dock workers strike",
        text: "Dock workers at the eastern terminal walked out on Monday after pay talks with the port operator collapsed.",
      },
      params,
    );
    const keys = bandKeys(f, params.bands);
    expect(f.shingles).toBe(21);
    expect(f.bodyShingles).toBe(16);
    expect(f.signature[0]).toBe(15294205);
    expect(f.signature[119]).toBe(193588187);
    expect(keys.slice(0, 2)).toEqual(["0:5c2e8883", "1:0829241e"]);
    expect(keys.at(-1)).toBe("lead:53033cff");
    expect(keys).toHaveLength(41);
    expect(sha(encodeSignature(f.signature))).toBe("48a0c5422ab92595");
    expect(sha(keys.join(","))).toBe("eaca785675180213");
    // A text shorter than one shingle is hashed as its words joined by spaces.
    expect(sha(encodeSignature(fp("Strike ends").signature))).toBe("ec942fac02eab630");
  });
});
