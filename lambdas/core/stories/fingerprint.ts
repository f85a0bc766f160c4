/**
 * Near-duplicate fingerprints of article text: word shingles, a MinHash signature and LSH band keys. Pure: no I/O.
 *
 * Written here rather than taken from a library: the npm MinHash packages are either barely used and unkept
 * (`minhash`, `minhashjs`) or, in `bloom-filters`, draw their hash functions from Math.random (signatures from two
 * Lambda instances would not be comparable unless we supplied our own), compute `(a*x+b) % c` in float64 (exact
 * only while a*x < 2^53) and bring eight runtime dependencies for a ten-line loop; none has LSH banding. What is
 * here is small and covered by tests that compare its estimates with exact Jaccard similarities.
 *
 * The parameters (`STORY_PARAMS`) were chosen with `npm run eval:stories` (see scripts/eval-stories.ts).
 */

export interface FingerprintParams {
  /** Words per shingle. */
  shingle: number;
  /** MinHash signature length (number of hash functions). */
  hashes: number;
  /** LSH bands; `hashes / bands` rows each. Two texts become candidates when one whole band agrees. */
  bands: number;
  /** Leave out the most common function words, so "said on Tuesday" and "said Tuesday" shingle alike. */
  stopwords: boolean;
}

export interface Fingerprint {
  /** MinHash signature, one 32-bit minimum per hash function. */
  signature: Uint32Array;
  /** Distinct shingles in the text (for the containment estimate). */
  shingles: number;
  /**
   * The body's first LEAD_SHINGLES distinct shingles, in order: a brief that keeps only the top of a story is
   * compared with these exactly (a MinHash estimate of a 30-shingle set inside a 600-shingle one is too noisy).
   */
  lead?: Uint32Array;
  /** Distinct shingles of the body alone. */
  bodyShingles?: number;
  /** A key for the body's first words, so a brief finds its story even when few LSH bands agree. */
  leadKey?: string;
}

/** Body shingles kept as the lead. */
export const LEAD_SHINGLES = 120;
/** Words the lead key is taken over. */
const LEAD_KEY_WORDS = 8;

// ---------------------------------------------------------------------------------------------------------
// Text

/**
 * Wire boilerplate that syndicated copies add or drop and that says nothing about the story: a leading dateline
 * with the agency in brackets ("BERLIN (Reuters) -", "WASHINGTON, May 3 (AP) —", "(AFP) -"), credit lines in
 * brackets ("(Reporting by ...; Editing by ...)"), and copyright or redistribution notices.
 */
const DATELINE =
  /^\s*(?:[\p{Lu}][\p{L}.'’-]*(?:[\s/,-]+[\p{Lu}][\p{L}.'’-]*){0,4}(?:,\s*[\p{Lu}][\p{Ll}]{2,8}\.?\s+\d{1,2})?\s*)?\((?:[^()\n]{1,40})\)\s*[-–—:]+\s*/u;
const CREDIT_LINE =
  /\(\s*(?:(?:additional|further)\s+)?(?:reporting|writing|written|editing|edited|compiled|translated|research|graphics?|produced|photos?)\s+by\b[^()]{0,400}\)/giu;
const COPYRIGHT =
  /(?:^|(?<=[.!?]\s))[^.!?\n]{0,160}(?:all rights reserved|may not be (?:published|reproduced|redistributed)[^.!?\n]{0,120})[.!?]?/giu;
const COPYRIGHT_LINE = /^\s*(?:copyright\b|©|\(c\)\s*\d{4})[^\n]{0,200}$/gimu;

/** Desk prefixes on wire headlines: "UPDATE 1-", "REFILE-", "CORRECTED-", "EXCLUSIVE-", "RPT-" ... */
const TITLE_PREFIX =
  /^\s*(?:(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|CORRECTS|RPT|REPEAT|EXCLUSIVE|BREAKING|URGENT|FLASH|ANALYSIS|FACTBOX|INSTANT VIEW|TIMELINE|PREVIEW|NEWSMAKER)(?:\s*\d+)?\s*[-:—–|]\s*)+/iu;

export function storyTitle(title: string): string {
  return title.replace(TITLE_PREFIX, "");
}

/** The text a fingerprint is taken over: the body without wire boilerplate. */
export function storyText(text: string): string {
  return text
    .replace(DATELINE, "")
    .replace(CREDIT_LINE, " ")
    .replace(COPYRIGHT_LINE, " ")
    .replace(COPYRIGHT, " ");
}

const WORD = /[\p{L}\p{N}]+/gu;
const MARK = /\p{M}/gu;
/** "U.S.", "U.K.", "e.g." -> "US", "UK", "eg": a dotted abbreviation is one word. */
const DOTTED = /\b(?:\p{L}\.){2,}/gu;

/** Unit spellings that differ between house styles ("mln" / "million", "pct" / "per cent" / "percent"). */
const SPELLING: Record<string, string> = {
  mln: "million",
  mn: "million",
  bln: "billion",
  bn: "billion",
  dlrs: "dollars",
  dlr: "dollar",
  pct: "percent",
  stg: "sterling",
};

/** Function words so common that they only add variants ("said on Tuesday" / "said Tuesday"). */
const STOPWORDS = new Set(
  (
    "a an the and or but of on in at to for from by with as is are was were be been has have had it its this that " +
    "which who will would said says also than then there their they he she his her we our"
  ).split(" "),
);

/**
 * Lower-case words without accents, unit abbreviations spelled out; numbers are kept (two earnings reports
 * differ mostly in their figures). With `dropStopwords`, function words are left out.
 */
export function words(text: string, dropStopwords = false): string[] {
  const raw =
    storyText(text)
      .replace(DOTTED, (m) => m.replace(/\./g, ""))
      .normalize("NFKD")
      .replace(MARK, "")
      .toLowerCase()
      .match(WORD) ?? [];
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let w = raw[i] as string;
    if (w === "per" && raw[i + 1] === "cent") {
      w = "percent";
      i++;
    }
    w = SPELLING[w] ?? w;
    if (dropStopwords && STOPWORDS.has(w)) continue;
    out.push(w);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Hashing

/** murmur3's 32-bit finaliser: a bijection on 32 bits that mixes every input bit into every output bit. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** FNV-1a over UTF-16 code units, finalised by fmix32. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** The distinct shingle hashes of a word sequence; a text shorter than one shingle is one shingle. */
export function shingleHashes(tokens: readonly string[], size: number): Uint32Array {
  const out = new Set<number>();
  if (tokens.length === 0) return new Uint32Array();
  if (tokens.length <= size) out.add(hashString(tokens.join(" ")));
  else
    for (let i = 0; i + size <= tokens.length; i++) out.add(hashString(tokens.slice(i, i + size).join(" ")));
  return Uint32Array.from(out);
}

const seedCache = new Map<number, Uint32Array>();

/** Fixed seeds, one per hash function: every instance computes comparable signatures. */
function seeds(count: number): Uint32Array {
  let s = seedCache.get(count);
  if (!s) {
    s = new Uint32Array(count);
    for (let i = 0; i < count; i++) s[i] = fmix32(Math.imul(i + 1, 0x9e3779b9));
    seedCache.set(count, s);
  }
  return s;
}

/** MinHash: for each seeded hash function h_i(x) = fmix32(x ^ seed_i), the minimum over the shingles. */
export function minhash(shingles: Uint32Array, count: number): Uint32Array {
  const seed = seeds(count);
  const sig = new Uint32Array(count).fill(0xffffffff);
  for (const x of shingles) {
    for (let i = 0; i < count; i++) {
      const h = fmix32(x ^ (seed[i] as number));
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return sig;
}

/**
 * The fingerprint of an article: the shingles of its title and of its body (taken separately, so no shingle
 * spans the two). The title matters for short items (two dividend notices can share every word of their body and
 * differ only in the company the headline names); for a long body it is a small share of the shingles, so a
 * re-headlined copy still matches.
 */
export function fingerprint(
  article: { title: string; text: string },
  params: FingerprintParams,
): Fingerprint {
  const bodyWords = words(article.text, params.stopwords);
  const body = shingleHashes(bodyWords, params.shingle);
  const set = new Set<number>([
    ...shingleHashes(words(storyTitle(article.title), params.stopwords), params.shingle),
    ...body,
  ]);
  const shingles = Uint32Array.from(set);
  const leadKey =
    bodyWords.length >= LEAD_KEY_WORDS
      ? `lead:${hashString(bodyWords.slice(0, LEAD_KEY_WORDS).join(" ")).toString(16).padStart(8, "0")}`
      : undefined;
  return {
    signature: minhash(shingles, params.hashes),
    shingles: shingles.length,
    // shingleHashes keeps first-appearance order, so this is the top of the body.
    lead: body.slice(0, LEAD_SHINGLES),
    bodyShingles: body.length,
    ...(leadKey ? { leadKey } : {}),
  };
}

/**
 * The share of the smaller body found in the other's lead, exactly: defined when the smaller body fits in its
 * lead (a brief), else undefined.
 */
export function leadContainment(
  a: Fingerprint,
  b: Fingerprint,
): { containment: number; smaller: number } | undefined {
  if (!a.lead || !b.lead || a.bodyShingles === undefined || b.bodyShingles === undefined) return undefined;
  const [small, big] = a.bodyShingles <= b.bodyShingles ? [a, b] : [b, a];
  const n = small.bodyShingles as number;
  if (n === 0 || n > LEAD_SHINGLES) return undefined;
  const inBig = new Set(big.lead);
  let common = 0;
  for (const h of small.lead as Uint32Array) if (inBig.has(h)) common++;
  return { containment: common / n, smaller: n };
}

/**
 * One key per LSH band: `<band>:<hash of the band's rows>`. Two fingerprints share a key exactly when one band of
 * their signatures is identical, which for Jaccard similarity s happens with probability 1 - (1 - s^r)^b. Plus
 * `lead:<hash>` of the body's first words, shared by a story and a brief cut from its top.
 */
export function bandKeys(fp: Fingerprint, bands: number): string[] {
  if (fp.shingles === 0) return [];
  const extra = fp.leadKey ? [fp.leadKey] : [];
  const rows = Math.floor(fp.signature.length / bands);
  const keys: string[] = [];
  for (let b = 0; b < bands; b++) {
    let h = 0x811c9dc5 ^ b;
    for (let r = 0; r < rows; r++) {
      h ^= fp.signature[b * rows + r] as number;
      h = Math.imul(h, 0x01000193);
    }
    keys.push(`${b}:${fmix32(h).toString(16).padStart(8, "0")}`);
  }
  return [...keys, ...extra];
}

// ---------------------------------------------------------------------------------------------------------
// Similarity

export interface Similarity {
  /** Estimated Jaccard similarity of the two shingle sets. */
  jaccard: number;
  /** Estimated share of the smaller text's shingles found in the other (a trimmed copy scores near 1). */
  containment: number;
  /** Shingles of the smaller text. */
  smaller: number;
}

export function similarity(a: Fingerprint, b: Fingerprint): Similarity {
  const n = Math.min(a.signature.length, b.signature.length);
  if (n === 0 || a.shingles === 0 || b.shingles === 0) return { jaccard: 0, containment: 0, smaller: 0 };
  let equal = 0;
  for (let i = 0; i < n; i++) if (a.signature[i] === b.signature[i]) equal++;
  const jaccard = equal / n;
  // |A ∩ B| = J (|A| + |B|) / (1 + J); containment = |A ∩ B| / min(|A|, |B|).
  const smaller = Math.min(a.shingles, b.shingles);
  const intersection = (jaccard * (a.shingles + b.shingles)) / (1 + jaccard);
  return { jaccard, containment: Math.min(1, intersection / smaller), smaller };
}

// ---------------------------------------------------------------------------------------------------------
// Storage form

export function encodeSignature(signature: Uint32Array): string {
  const bytes = new Uint8Array(signature.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < signature.length; i++) view.setUint32(i * 4, signature[i] as number);
  return Buffer.from(bytes).toString("base64");
}

export function decodeSignature(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded, "base64");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint32Array(Math.floor(bytes.byteLength / 4));
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4);
  return out;
}
