/**
 * The built-in `deadline` extractor: finds the words that state a time limit in a sentence and resolves
 * them to a calendar date against a reference date. Policy (docs/topics.md):
 * - durations ("within 48 hours", "a 10-day ultimatum", "given 24 hours") count from the start of the
 *   reference day: 12 hours stays on that day, 24 hours is the next day; business or working days count
 *   Monday to Friday;
 * - "the end of May" is the last day of May (the next May on or after the reference date);
 *   "the start (or beginning) of June" is 1 June;
 *   "the end of the year" is 31 December of the reference year; "the end of 2026" is 2026-12-31;
 * - a weekday ("by Sunday") is the next such day on or after the reference date; "last Monday" is the one
 *   before it;
 * - a month and day without a year ("by March 29") is the next such day on or after the reference date, a day up to
 *   a month before it counting as just gone; after words that place it in the past ("had until", "missed the"),
 *   the closest;
 * - "by/before <month>" is the first day of that month; "until/through <month>" its last day; other month-only
 *   phrases ("the deadline was moved to May", "the May deadline") give null;
 * - a bare year ("extends the deadline to 2027") and vague spans ("in the coming weeks") give null;
 * - "the deadline expires/passes" in the present tense is the reference date.
 * The calendar rules above (month ends, the end of a week, holidays, "the 20th") are computed here; days,
 * weekdays and counts ("March 29", "next Friday", "in 30 days") are read by calendar.ts, which answers as
 * chrono-node did (chrono was used before; it is now only the test oracle), with the reference day as
 * midnight UTC.
 */
import type { DeadlineInfo } from "../article.ts";
import {
  type CalendarDate,
  type CountUnit,
  countFrom,
  lastDayOf,
  monthIndex,
  readCommonDate,
  readEmbeddedDate,
} from "./calendar.ts";
import { lowerCasedPattern } from "./lower-case.ts";
import { STRUCTURE } from "./regex-source.ts";

/** Pattern sources are written raw (one backslash per escape): String.raw under a short name, which minifies to
 * fewer bytes than the doubled backslashes it saves. */
const raw = String.raw;

/** The letters of a word in the phrase patterns (Latin, Greek and Cyrillic), for character classes. */
const LETTERS = raw`A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF`;
const MONTH = raw`(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|Sep(?:tember|t\.?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)`;
const WEEKDAY = "(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day";
// (?!\d): "1 July 2025" must not be read as "1" + "July 20".
const ORD = raw`\d{1,2}(?:st|nd|rd|th)?(?!\d)`;
const ORD_SUFFIXED = raw`\d{1,2}(?:st|nd|rd|th)`;
const YEAR = raw`(?:19|20)\d\d`;
/** One to nineteen in words; their place in the list is their value. */
const TEEN_WORDS =
  "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const UNITS_WORDS = TEEN_WORDS.slice(0, 9);
/** Day numbers written as words, as wire copy does for one to nine ("expires April Three"). */
const DAY_WORDS: Record<string, number> = {
  ...Object.fromEntries(TEEN_WORDS.map((w, i) => [w, i + 1])),
  twenty: 20,
  thirty: 30,
};
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  ...DAY_WORDS,
  "twenty-four": 24,
  "thirty-six": 36,
  "forty-eight": 48,
  "seventy-two": 72,
  sixty: 60,
  ninety: 90,
};
const NUM = raw`(?:\d+|${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|")})`;
const UNIT = raw`(?:(?:business|working|trading|calendar|school)\s)?(?:hours?|days?|weeks?|fortnights?|months?|years?)`;
const DAYWORD = `(?:(?:twenty|thirty)-(?:${UNITS_WORDS.join("|")})|${Object.keys(DAY_WORDS)
  .sort((a, b) => b.length - a.length)
  .join("|")})(?![${LETTERS}-])`;
/** A month and a day: "March 29", "March 29th", "April Three" (wire style). */
const MONTH_DAY = raw`${MONTH}\s(?:${ORD}|${DAYWORD})`;
// A clock time before a day ("midnight on Sunday", "dawn on Monday", "5 p.m. Friday", "2000 EST", "midnight New York time on
// April 3", "the close of business on March 31").
// A clock time proper: not a bare number ("1 July 2025" starts with a day). CLOCK also takes a bare hour ("5 Friday").
const CLOCK_PROPER = raw`(?:(?:12(?::00)?\s)?(?:noon|midnight|midday)|dawn|dusk|daybreak|sunrise|sunset|nightfall|\d{1,2}(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm|GMT|UTC)|\d{1,2}:\d\d|\d{1,2}\.\d\d(?=\s(?:this|tomorrow|tonight|today|on)\s)|\d{4}\s(?:(?:hrs|hours)\s)?(?:[ECMP][SD]T|GMT)|(?:the\s)?(?:close|end)\sof\s(?:the\s)?(?:business|trading)(?:\sday)?)`;
const CLOCK = raw`(?:${CLOCK_PROPER}|\d{1,2})`;
// A city's time, "3:00 p.m. Helsinki time" or "6 p.m. Washington time" (the patterns run without case, so not a word
// that makes "time" something else: "by 5 p.m. each time", "at noon in time").
const CITY_TIME = raw`(?!(?:this|that|each|every|any|the|some|next|last|first|same|a|an|one|full|part|prime|over|half|extra|record|such|no|in|on|at|by|for|from|to|and|or|of|with|local|real|closing|opening|injury|added|stoppage|standard|daylight|summer|winter|today|tonight|tomorrow|morning|afternoon|evening|night|${WEEKDAY}|${MONTH})\b)[A-Za-z]+(?:\s(?!(?:${WEEKDAY}|today|tonight|tomorrow)\b)[A-Za-z]+)?\stime\b`;
// A zone is never "Oct" or "Sept" (\w{2,4}T would read them as one): "midnight Oct 5" is a time and a day. Short
// zones ("3 p.m. ET", "12:00 UT") and "6 p.m. Eastern" without "time" count too.
const ZONE = raw`(?:,?\s(?:local\stime|\(?(?:[ECMP][SD]?T|UTC?)\)?|\(?(?!Oct\b|Sept\b)\w{2,4}T\)?|(?:New\sYork(?:\sCity)?|London)\stime|${CITY_TIME}|(?:Eastern|Pacific|Central|Mountain|Atlantic)(?:\s(?:standard\s|daylight\s)?time)?|\((?:[A-Z][a-z]+\s){1,2}time\)))?`;
const TIME = raw`(?:${CLOCK}${ZONE},?\s(?:on\s|of\s|at\sthe\send\sof\s)?(?:(?:this|next)\s(?!morning|afternoon|evening))?)`;
/** A quarter or half of a (company's) year: "the first quarter", "the second half", "Q3", "H1". */
const ORDINAL_PERIOD = raw`(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)\s(?:quarter|half)|Q[1-4](?![\w-])|H[12](?![\w-]))`;
/** What "the end of" a company calendar names: "the current quarter", "the first half of 1988", "fiscal 1990". */
const PERIOD = raw`(?:(?:(?:current|this|next|its|fiscal|financial|calendar)\s)+(?:quarter|half|year)(?:,?\s(?:of\s)?${YEAR})?|${ORDINAL_PERIOD}(?:,?\s(?:of\s)?(?:fiscal\s)?${YEAR})?|(?:fiscal|financial|calendar)\s(?:year\s)?${YEAR}(?:[-/]\d\d)?)`;
/**
 * Up to two words that name whose or what limit a day is, between the day and "deadline": "the Jan. 15 U.N.
 * deadline", "the June 30 filing deadline". Not a function word, which would start another clause ("on March 3 the
 * deadline passed").
 */
const NAMING_WORDS = raw`(?:(?!(?:the|a|an|and|or|but|when|as|after|before|its|their|his|her|this|that|with|to|on|in|at|by|for|of|was|is|were|are|had|has|new|midnight|noon)\b)[A-Za-z][A-Za-z.'’-]*\s){0,2}?`;

/** A day of the month as an ordinal word: "first" to "thirty-first". */
const FIRST_TO_NINTH = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
const ORDINAL_DAY_WORDS = [
  ...FIRST_TO_NINTH,
  "tenth",
  "eleventh",
  "twelfth",
  ...["thir", "four", "fif", "six", "seven", "eigh", "nine"].map((w) => `${w}teenth`),
  "twentieth",
  ...FIRST_TO_NINTH.map((w) => `twenty-${w}`),
  "thirtieth",
  "thirty-first",
];
const ORDINAL_DAY = `(?:${[...ORDINAL_DAY_WORDS].reverse().join("|")})`;
/**
 * A date in figures, with its year: ISO "2024-03-14", "14.03.2024" (dots: day first), "30/04/2024" and
 * "07/15/2023" (slashes or dashes: whichever part is over 12 is the day; numericDate resolves it).
 */
const NUMERIC_DATE = raw`(?:19|20)\d\d-\d\d-\d\d(?!\d)|\d{1,2}(?:\.\d{1,2}\.|/\d{1,2}/|-\d{1,2}-)(?:19|20)\d\d(?!\d)`;
/** A calendar expression: "March 29", "29 March 2026", "Sunday", "the end of May", "2027", "tomorrow". */
const DATE = [
  raw`(?:the\s)?end\sof\s(?:(?:the\s)?day\s(?:on\s)?)?(?:${WEEKDAY}|today|tomorrow)`,
  raw`(?:the\s)?end\sof\s(?:the\s)?(?:(?:this\s|next\s)?(?:day|week|month|year)|${MONTH}(?:,?\s${YEAR})?|${YEAR})`,
  // Company calendars: "by year-end", "by the end of the first quarter (of 1988)", "the end of fiscal 1990".
  raw`(?:the\s)?end\sof\s(?:the\s)?${PERIOD}|(?:the\s)?(?:year|quarter|month)[-\s]?end|(?:the\s)?${ORDINAL_PERIOD}(?:,?\s(?:of\s)?(?:fiscal\s)?${YEAR})?`,
  raw`(?:the\s)?(?:start|beginning|middle)\sof\s(?:${MONTH}|next\s(?:week|month|year))`,
  raw`${MONTH_DAY}(?:,?\s${YEAR})?`,
  raw`(?:the\s)?${ORD}\s(?:of\s)?${MONTH}(?:,?\s${YEAR})?`,
  raw`${MONTH},?\s${YEAR}`,
  raw`end[-\s]${MONTH}(?:,?\s${YEAR})?`,
  raw`(?:early|mid|late)[-\s]?${MONTH}`,
  raw`Christmas(?:\sDay|\sEve)?|New\sYear['’]s\s(?:Day|Eve)`,
  // "Friday, March 21": the weekday with its date (the date decides; calendarPart drops the weekday).
  raw`${WEEKDAY},?\s(?:the\s)?(?:${MONTH_DAY}|${ORD}\s(?:of\s)?${MONTH})(?:,?\s${YEAR})?`,
  raw`(?:this\s|next\s)?${WEEKDAY}(?:\s(?:night|morning|evening|midnight|next\sweek))?`,
  raw`(?:this|tomorrow)\s(?:morning|afternoon|evening)|tomorrow|today|tonight|yesterday|midnight(?:\stonight)?|noon|nightfall|dusk|sunset`,
  // Rarer shapes late, where most positions have already failed the common ones: figures with their year, and
  // "the fifteenth of March" or "March the fifteenth" (calendarPart turns the word into digits).
  NUMERIC_DATE,
  raw`(?:the\s)?${ORDINAL_DAY}\sof\s${MONTH}(?:,?\s${YEAR})?|${MONTH}\sthe\s${ORDINAL_DAY}`,
  raw`the\s${ORD_SUFFIXED}(?!\s(?:of\s)?${MONTH})`,
  `${MONTH}(?![${LETTERS}])`,
  // A year, but not one that names something ("the 1985 farm bill"); "by 2030 and ..." is still a year.
  raw`${YEAR}(?![-/]\d)(?![\s-]*(?!(?:and|or|at|to|in|if|unless|when|but|as|under|after|before|with|from|for|the|a|an|it|he|she|they|we|is|was|will|would|said|says)\b)[a-z\u00DF-\u00FF])`,
].join("|");
/**
 * An optional time, then a calendar expression. The time is matched as an atomic group (a look-ahead captures
 * it, a back-reference consumes it, and the empty alternative stands for no time): the same as
 * `(?:TIME)?(?:DATE)` here, since TIME's optional parts never take words a DATE begins with (ZONE is kept off
 * month names for that), but V8 compiles it in half the time, not exploring every way TIME can end before each
 * DATE alternative. WHEN is in twenty patterns, each compiled on its first use (issue 9).
 */
const WHEN = raw`(?:(?:(?=(?<clock>${TIME}))\k<clock>|)(?:${DATE}))`;
/** A clock time on its own ("by 5 a.m."): the limit falls on the reference day. */
const TIME_ONLY = raw`(?:noon|midnight|midday|\d{1,2}(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm)|\d{1,2}:\d\d)(?!\w)`;

interface PhraseRule {
  readonly pattern: PhrasePattern;
  /** Which kind of resolution applies to the captured `when` (or `n`/`unit`). */
  readonly kind: "date" | "duration" | "lapse" | "past" | "none";
  /** A cheap plain test the sentence must pass before the pattern is tried at all. */
  readonly hint?: RegExp;
}

/**
 * A phrase pattern two ways, each built on first use (most sentences reach few of them): `lower` for the
 * lower-cased sentence without the `i` flag, compiled and run several times faster; `re`, case-insensitive, for
 * a sentence whose lower case changes its length (a rare letter such as İ). Flag `d`: the groups are sliced out
 * of the sentence as written.
 */
class PhrasePattern {
  #re: RegExp | undefined;
  #lower: RegExp | undefined;
  #head: RegExp | null | undefined;
  constructor(private readonly source: string) {}
  /**
   * The pattern's words before the date (`headOf`), lower-cased: a small regex every match of the whole pattern
   * also matches, tried first so the large one (the date expression is most of it) is compiled only for a
   * sentence that gets that far. Null when the pattern starts with the date.
   */
  get head(): RegExp | null {
    if (this.#head === undefined) {
      const head = headOf(this.source);
      const lower = head === undefined ? undefined : lowerCasedPattern(head);
      this.#head = lower === undefined ? null : new RegExp(lower);
    }
    return this.#head;
  }
  get re(): RegExp {
    this.#re ??= new RegExp(this.source, "id");
    return this.#re;
  }
  get lower(): RegExp {
    if (this.#lower === undefined) {
      const lower = lowerCasedPattern(this.source);
      if (lower === undefined)
        throw new Error(`deadline phrase pattern cannot be lower-cased: ${this.source}`);
      this.#lower = new RegExp(lower, "d");
    }
    return this.#lower;
  }
}

const rx = (source: string) => new PhrasePattern(source);

// Hints shared by several phrase rules (a cheap test before the pattern), one RegExp each.
const HINT_LIMIT_GRACE = /deadline|ultimatum|grace/i;
const HINT_LIMIT = /deadline|ultimatum/i;
const HINT_LIMIT_CUTOFF = /deadline|ultimatum|cut-?off|time\s+limit/i;
const HINT_EXPIR = /expir/i;

/**
 * The part of a pattern before its `(?<when>` group, with the groups still open there closed: a necessary
 * condition for the pattern (each match of it starts with a match of this). Undefined when there is no such
 * prefix, or when an open group has another alternative after the cut (the prefix would then miss matches).
 */
export function headOf(source: string): string | undefined {
  const cut = source.indexOf("(?<when>");
  if (cut <= 2) return undefined;
  let depth = 0;
  let inClass = false;
  // Depth at the cut (the groups open there), and the lowest depth a group closing after it returns to.
  let open = -1;
  let floor = 0;
  STRUCTURE.lastIndex = 0;
  for (let m = STRUCTURE.exec(source); m !== null; m = STRUCTURE.exec(source)) {
    if (open < 0 && m.index >= cut) {
      open = depth;
      floor = depth;
    }
    const c = m[0];
    if (c.length === 2) continue; // an escape
    if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (open >= 0 && depth < floor) floor = depth;
    } else if (c === "|" && open >= 0 && depth <= floor) {
      // No group open at the cut (nor the pattern itself) may have another alternative after it.
      return undefined;
    }
  }
  return source.slice(0, cut) + ")".repeat(open);
}
/**
 * Most specific first; the first rule that matches anywhere in the sentence supplies the phrase (its `span`
 * group when it has one: the shortest words that state the limit).
 */
const PHRASES: readonly PhraseRule[] = [
  { pattern: rx(raw`\b(?:no|not)\slater\sthan\s(?<when>${WHEN})`), hint: /later\s+than/i, kind: "date" },
  // "Offers are due by 1200 hrs EDT, April 13, and will remain valid until ...": the time submissions are due.
  {
    pattern: rx(
      raw`\b(?:offers?|bids?|tenders?|applications?|proposals?|replies|responses|comments|submissions?|nominations?|entries|objections|returns|filings?|reports?|acceptances?)\s(?:[${LETTERS}0-9'’-]+\s){0,5}?(?<span>(?:are|is|were|was|be)\sdue\s(?:on\s|at\s|by\s)?(?:the\s)?(?<when>${WHEN}))`,
    ),
    hint: /\bdue\b/i,
    kind: "date",
  },
  // "has until Friday to leave", "gave the airline until March 15 to present a plan": time given to act, the
  // limit itself. Other "until" phrases come after "by" (below).
  {
    pattern: rx(
      raw`\b(?:has|have|had|having|given|gives|give|giving|gave|granted|grants|grant|allowed|allows|allow|gets|get|got|getting|leav(?:ing|es))\s(?:[${LETTERS}'’-]+,?\s){0,5}?(?<span>until\s(?<when>${WHEN}))`,
    ),
    hint: /until/i,
    kind: "date",
  },
  // "the deadline expires on Friday" / "the ultimatum expired at midnight on Sunday": the stated day, not the
  // reference day; past-tense verbs look backwards ("expired on Thursday" is the Thursday before).
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum|grace\speriod)(?:\s[${LETTERS}'’-]+){0,6}?\s(?:expires|lapses|runs\sout|ends)\s(?:on\s|at\s)?(?<when>${WHEN})`,
    ),
    hint: HINT_LIMIT_GRACE,
    kind: "date",
  },
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum|grace\speriod)(?:\s[${LETTERS}'’-]+){0,14}?\s(?:expired|lapsed|ran\sout|ended|passed)\s(?:on\s|at\s)?(?<when>${WHEN})`,
    ),
    hint: HINT_LIMIT_GRACE,
    kind: "past",
  },
  {
    pattern: rx(
      raw`\b(?:within(?:\sthe\snext|\sa(?:\s[${LETTERS}]+)?\s(?:period|maximum|term|limit)\sof)?|in\sthe\snext|over\sthe\snext)\s(?<n>${NUM})\s(?:\(\d+\)\s)?(?<unit>${UNIT})`,
    ),
    hint: /within|next/i,
    kind: "duration",
  },
  {
    pattern: rx(
      raw`\b(?<n>${NUM})[-\s](?<unit>hour|day|week|month)[-\s](?:ultimatum|deadline|grace\speriod|window|(?:strike|eviction)\snotice)`,
    ),
    hint: /ultimatum|deadline|grace|window|notice/i,
    kind: "duration",
  },
  // "set a 60-day period for public comment": a period given (from now) for doing something; "the 180-day
  // period for release" names one already running, counted from a day the text may not give.
  {
    pattern: rx(
      raw`\b(?:a|an|another|new)\s(?<span>(?<n>${NUM})[-\s](?<unit>hour|day|week|month)[-\s]period)\s(?:for|to|in\swhich|within\swhich)\s`,
    ),
    hint: /period/i,
    kind: "duration",
  },
  {
    pattern: rx(
      raw`\b(?:given|gives|give|giving|gave|granted|grants|allowed|allows|has|have|had|gets|get|got|getting|hand(?:s|ed))\s(?:(?!(?:while|but|when|because|although|whereas|not|never|whether)\b)[${LETTERS}0-9'’"“”‘.-]+,?\s){0,16}?(?<n>${NUM})\s(?<unit>${UNIT})(?:\s(?:to|or|before|in\swhich)\b|(?=\s(?:from|after)\s(?:the|its|their|receipt)\b))`,
    ),
    hint: /hour|day|week|month|fortnight|year/i,
    kind: "duration",
  },
  { pattern: rx(raw`\bdeadline\sof\s(?<n>${NUM})\s(?<unit>${UNIT})`), hint: /deadline/i, kind: "duration" },
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum|cut-?off\sdate|time\slimit|early\stender\s(?:date|deadline|time))(?::|,|\s(?:of|on|for|set\sfor|is|was))\s(?<when>${WHEN})`,
    ),
    hint: /deadline|ultimatum|cut-?off|time\s+limit|tender/i,
    kind: "date",
  },
  // "extended the expiration date of its exchange offer for its 9 1/4% notes due 2009 to 5:00 p.m. on July 2, 2003".
  {
    pattern: rx(
      raw`\bextend(?:s|ed|ing)?\s(?:the|its)\s(?:expiration|expiry)\s(?:date\s|time\s)?(?:\S+\s){0,14}?(?<span>(?:to|until)\s(?<when>${WHEN}))`,
    ),
    hint: HINT_EXPIR,
    kind: "date",
  },
  // "The latest time and date for acceptance and payment in full is 11.00 a.m. on 14 October 2009" (a rights issue).
  {
    pattern: rx(
      raw`\blatest\s(?:time\sand\sdate|date\sand\stime|date|time)\sfor\s(?:[\w'’-]+\s){0,10}?[\w'’-]+(?::|\sis)\s(?<when>${WHEN})`,
    ),
    hint: /latest/i,
    kind: "date",
  },
  // "set 15 April as the deadline for the withdrawal".
  {
    pattern: rx(raw`\bset\s(?<when>${WHEN})\sas\s(?:the|a)\s(?:deadline|cut-?off|time\slimit)`),
    hint: /deadline|cut-?off|limit/i,
    kind: "date",
  },
  // "the deadline for filing returns was extended to May 15": the new limit.
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum)(?:\s[${LETTERS}'’-]+){0,6}?\s(?:extended|moved|pushed\sback|postponed|brought\sforward|delayed|reset|changed)\s(?:to|until|till)\s(?<when>${WHEN})`,
    ),
    hint: HINT_LIMIT,
    kind: "date",
  },
  // "the expiration of the offer was moved back to April 22": the new limit.
  {
    pattern: rx(
      raw`\b(?:expiration|expiry)(?:\s[${LETTERS}'’-]+){0,8}?\s(?:extended|moved(?:\sback)?|pushed\sback|postponed|delayed|changed)\s(?<span>(?:to|until|till)\s(?<when>${WHEN}))`,
    ),
    hint: HINT_EXPIR,
    kind: "date",
  },
  // "extends the deadline for member states to file their plans to June 30": the new limit, past the clause.
  {
    pattern: rx(
      raw`\b(?:extend(?:s|ed|ing)?|push(?:es|ed|ing)?\sback|mov(?:e|es|ed|ing)|postpon(?:e|es|ed|ing))\s(?:the|its|their|a)\s(?:[${LETTERS}'’-]+\s)?(?:deadline|ultimatum|cut-?off\sdate|time\slimit)\s(?:[${LETTERS}'’-]+\s){0,9}?(?<span>(?:to|until|till)\s(?<when>${WHEN}))`,
    ),
    hint: HINT_LIMIT_CUTOFF,
    kind: "date",
  },
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum|cut-?off(?:\sdate)?|time\slimit)\s(?:(?!(?:passed|expired|lapsed|ended|expires|lapses|ends|runs|ran|came|comes|went|has|had|was|were|is|are)\s)[${LETTERS}'’-]+\s){0,6}?(?:to|until|till|at|by|on|is|was|falls\son)\s(?<when>${WHEN})`,
    ),
    hint: HINT_LIMIT_CUTOFF,
    kind: "date",
  },
  // "extended its offer until May 1", "reopened its tender offer until March 25", "extend the date by which ...
  // must report to March 31, 1988": the new limit, past the words between.
  {
    pattern: rx(
      raw`\b(?:extend(?:s|ed|ing)?|push(?:es|ed|ing)?\sback|lengthen(?:s|ed|ing)?|prolong(?:s|ed|ing)?|reopen(?:s|ed|ing)?)\s(?:[${LETTERS}0-9'’,.$€£%/-]+\s){0,20}?(?<span>(?:to|until|till|through)\s(?:the\s)?(?<when>${WHEN}))`,
    ),
    hint: /extend|push|lengthen|prolong|reopen/i,
    kind: "date",
  },
  // "the expiration date is March 31", "the closing date for bids is April 4", "Friday is the last day to
  // register": the day named.
  {
    pattern: rx(
      raw`\b(?:expiration|expiry|closing|last|final)\s(?:date|day|time)s?\s(?:(?:for|to|of)\s(?:[\w'’-]+\s){0,6}?)?(?:is|was|will\sbe|has\sbeen|on|to)\s(?:the\s)?(?<when>${WHEN})`,
    ),
    hint: /expir|closing|last|final/i,
    kind: "date",
  },
  // "the government set June 30 as the date for compliance": the day named.
  {
    pattern: rx(
      raw`\b(?:set|sets|setting|named|fixed|chose|chosen)\s(?:the\s)?(?<when>${WHEN})\sas\sthe\s(?:final\s|last\s|closing\s|cut-?off\s|target\s)?(?:date|day)\b`,
    ),
    hint: /\bas\s+the\b/i,
    kind: "date",
  },
  {
    pattern: rx(raw`\b(?<when>${WHEN})\s(?:is|was|will\sbe)\sthe\s(?:last|final|closing)\s(?:day|date)\b`),
    hint: /last|final|closing/i,
    kind: "date",
  },
  // "Thursday is the deadline for a reply": the day named.
  {
    pattern: rx(raw`\b(?<span>(?<when>${WHEN}))\s(?:is|was|will\sbe)\sthe\s(?:deadline|cut-?off)\b`),
    hint: /deadline|cut-?off/i,
    kind: "date",
  },
  // A window that closes or ends at a stated time: "subscriptions close on March 25", "signup will be over by
  // the end of this month", "the tender closing on March 6".
  {
    pattern: rx(
      raw`\b(?:clos(?:e|es|ing)|shut(?:s|ting)?|ends|(?:is|be)\sover\sby)\s(?:on\s|at\s)?(?<when>${WHEN})`,
    ),
    hint: /clos|shut|ends|over/i,
    kind: "date",
  },
  // An offer or a window that expires at a stated time: "the offer expires April 9", "expired at 2000 EST
  // yesterday" (past tense looks backwards), "after the April 3 expiration".
  { pattern: rx(raw`\bexpires?\s(?:on\s|at\s|before\s)?(?<when>${WHEN})`), hint: /expire/i, kind: "date" },
  {
    pattern: rx(raw`\bwill\sexpire\s(?:on\s|at\s|before\s)?(?<when>${WHEN})`),
    hint: /expire/i,
    kind: "date",
  },
  {
    pattern: rx(raw`\b(?:expired|closed)\s(?:on\s|at\s)?(?<when>(?:last\s${WEEKDAY})|${WHEN})`),
    hint: /expired|closed/i,
    kind: "past",
  },
  // "upon the expiration of the offer on April 3": the day named.
  {
    pattern: rx(
      raw`\b(?:expiration|expiry)\sof\s(?:the\s|its\s|their\s|this\s)?(?:[A-Za-z0-9'’-]+\s){0,3}?(?:offers?|tenders?|bids?|warrants|rights|period|window|program(?:me)?)\s(?:on|at)\s(?:the\s)?(?<when>${WHEN})`,
    ),
    hint: HINT_EXPIR,
    kind: "date",
  },
  // "the offer will terminate on April 30", "a tender offer which terminated December 12".
  {
    pattern: rx(raw`\bterminat(?:e|es|ing)\s(?:on\s|at\s)?(?<when>${WHEN})`),
    hint: /terminat/i,
    kind: "date",
  },
  { pattern: rx(raw`\bterminated\s(?:on\s|at\s)?(?<when>${WHEN})`), hint: /terminated/i, kind: "past" },
  {
    pattern: rx(raw`\b(?<when>${MONTH_DAY}(?:,?\s${YEAR})?)\s(?:expiration|expiry)\b`),
    hint: HINT_EXPIR,
    kind: "date",
  },
  // "tariffs take effect on August 1 unless a deal is reached": the day the condition must be met by.
  {
    pattern: rx(
      raw`\b(?<span>(?:on|from|at|after|starting|beginning)\s(?:the\s)?(?<when>${WHEN})),?\sunless\b`,
    ),
    hint: /unless/i,
    kind: "date",
  },

  {
    pattern: rx(
      raw`\b(?:by|before|on\sor\sbefore|till|through|up\sto|(?<=(?:remain|stay)\w*\s)beyond)\s(?:the\s)?(?<when>${WHEN})`,
    ),
    hint: /\b(?:by|before|till|through|up\s+to|beyond)\b/i,
    kind: "date",
  },
  // "until" without time given to act ("talks continue until Thursday", "paid until September 30"): the end of a
  // period, taken only when the sentence states no "by" limit.
  { pattern: rx(raw`\buntil\s(?<when>${WHEN})`), hint: /until/i, kind: "date" },
  {
    pattern: rx(raw`\b(?:by|before|until|till)\s(?<when>${TIME_ONLY})`),
    hint: /\b(?:by|before|until|till)\b/i,
    kind: "date",
  },
  // Not "the first shutdown in 17 years": a record, not a limit.
  {
    pattern: rx(
      raw`(?<!\b(?:first|last|biggest|largest|worst|best|highest|lowest|longest|most)\s(?:\S+\s){0,4})\bin\s(?<n>${NUM})\s(?<unit>${UNIT})(?!\sof)`,
    ),
    kind: "duration",
  },
  // "missed Friday's deadline": a limit that has passed lies before the reference day.
  {
    pattern: rx(
      raw`\b(?:missed|misses|miss|passed|ignored|ignores|defied|defies|after)\s(?:the\s|last\s)?(?<when>${MONTH_DAY}|${ORD}\s${MONTH}|${WEEKDAY})(?:['’]s)?\s${NAMING_WORDS}(?:deadline|ultimatum)`,
    ),
    hint: HINT_LIMIT,
    kind: "past",
  },
  {
    pattern: rx(
      raw`\b(?<when>${MONTH_DAY}|${ORD}\s${MONTH}|${WEEKDAY}|${MONTH}|end-of-(?:the-)?(?:month|week|year))(?:['’]s)?\s${NAMING_WORDS}(?:(?:midnight|noon)\s)?(?:deadline|ultimatum|cut-?off)`,
    ),
    hint: /deadline|ultimatum|cut-?off/i,
    kind: "date",
  },
  {
    pattern: rx(raw`\bdeadline\s(?:[${LETTERS}'’-]+\s){0,2}?(?<when>last\s${WEEKDAY}|yesterday)`),
    hint: /deadline/i,
    kind: "past",
  },
  {
    pattern: rx(
      raw`\b(?:deadline|ultimatum|grace\speriod)(?:\s[${LETTERS}'’-]+){0,6}?\s(?:expires|passes|lapses|runs\sout)\b`,
    ),
    hint: HINT_LIMIT_GRACE,
    kind: "lapse",
  },
  // "must be filed 30 days after the sale": counted from an event the text does not date.
  {
    pattern: rx(raw`\b(?:${NUM})\s(?:${UNIT})\s(?:before|after|prior\sto|following)\b`),
    hint: /before|after|prior|following/i,
    kind: "none",
  },
  {
    pattern: rx(
      raw`\bwithin\s(?:(?:a\s)?few\s|several\s|the\scoming\s|the\snext\s)?(?:hours|days|weeks|months)`,
    ),
    hint: /within/i,
    kind: "none",
  },
  // "the midnight deadline for filing returns", "a 2 p.m. deadline", "the 6 p.m. trade deadline": a time of day,
  // with no other day named, is the reference day's.
  {
    pattern: rx(raw`\b(?<span>(?<when>${CLOCK_PROPER})${ZONE}\s(?:[${LETTERS}-]+\s)?(?:deadline|ultimatum))`),
    hint: HINT_LIMIT,
    kind: "date",
  },
  {
    pattern: rx(
      raw`\b(?:[${LETTERS}-]+\s)?(?:deadline|ultimatum|grace\speriod)(?:\s(?:for|to)\s(?:[${LETTERS}-]+\s){0,3}?[${LETTERS}-]+)?`,
    ),
    hint: HINT_LIMIT_GRACE,
    kind: "none",
  },
  // "must upload the certificates this Friday at the latest": after every rule with its own verb ("by ...").
  { pattern: rx(raw`\b(?<when>${WHEN}),?\sat\sthe\slatest\b`), hint: /at\s+the\s+latest/i, kind: "date" },
];

const END_OF_RE = new RegExp(
  `end of (?:the )?((?:this |next )?(?:day|week|month|year)|(${MONTH})(?:,? (${YEAR}))?|(${YEAR}))$`,
  "i",
);
const PART_OF_MONTH_RE = new RegExp(`^(?:early|mid|late)[- ]?(?:${MONTH})$`, "i");
const DAY_OF_MONTH_RE = /^the (\d{1,2})(?:st|nd|rd|th)$/i;
const YEAR_ONLY_RE = new RegExp(`^${YEAR}$`);
const TIME_ONLY_RE = new RegExp(`^${TIME_ONLY}$`, "i");
const MONTH_ONLY_RE = new RegExp(`^(${MONTH})(?:,? (${YEAR}))?$`, "i");
const WEEKDAY_RE = new RegExp(WEEKDAY, "i");
const MONTH_DAY_RE = new RegExp(raw`${MONTH}\s\d`, "i");

/** Fixed-date holidays that news uses as limits ("by Christmas"): [month, day], next on or after the reference. */
const HOLIDAYS: Record<string, readonly [number, number]> = {
  christmas: [12, 25],
  "christmas eve": [12, 24],
  "new year's eve": [12, 31],
  "new year's": [1, 1],
};

export type ReferenceDay = { y: number; m: number; d: number };

// Company calendars (see DATE): "year-end", "the end of the first quarter of 1988", "the end of this half".
const PERIOD_RE = new RegExp(
  `^(?:the )?(?:(year|quarter|month)[- ]?end|end of (?:the )?(?:((?:(?:current|this|next|its|fiscal|financial|calendar) )+)(quarter|half|year)|(first|second|third|fourth|1st|2nd|3rd|4th) (quarter|half))(?:,? (?:of )?(fiscal )?(${YEAR}))?|end of (?:the )?(?:fiscal|financial|calendar) .*|(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:quarter|half).*)$`,
  "i",
);
const ORDINALS: Record<string, number> = {
  first: 1,
  "1st": 1,
  second: 2,
  "2nd": 2,
  third: 3,
  "3rd": 3,
  fourth: 4,
  "4th": 4,
};

const ORDINAL_WORDS = ["first", "second", "third", "fourth"];
/** "Q3" and "H1" as PERIOD_RE reads them: "third quarter", "first half". */
const spelledPeriod = (w: string) =>
  w.replace(
    /\b([QH])([1-4])\b/gi,
    (_, unit: string, n: string) =>
      `${ORDINAL_WORDS[Number(n) - 1]} ${unit.toUpperCase() === "Q" ? "quarter" : "half"}`,
  );

/**
 * The last day of a calendar quarter, half or year named by PERIOD_RE: "year-end" is 31 December of the
 * reference year; "the end of the first quarter" is the next 31 March on or after the reference day (or of the
 * year given); "this/current quarter" is the reference day's quarter, "next quarter" the one after. A fiscal
 * year or quarter (companies' fiscal years differ), "the end of fiscal 1990" and a bare "the first quarter" (no
 * single day) give null.
 */
function periodEnd(m: RegExpExecArray, day: ReferenceDay): string | null {
  const [, bare, qualifiers = "", unit, ordinal, ordinalUnit, fiscalOf, yearOf] = m;
  if (/fiscal|financial/i.test(qualifiers) || fiscalOf) return null;
  const endOf = (y: number, month: number) => iso(y, month, lastDayOf(y, month));
  const size = (u: string) =>
    /^month$/i.test(u) ? 1 : /^quarter$/i.test(u) ? 3 : /^half$/i.test(u) ? 6 : 12;
  if (bare) {
    const n = size(bare);
    return endOf(day.y, Math.ceil(day.m / n) * n);
  }
  if (unit) {
    const n = size(unit);
    let y = yearOf ? Number(yearOf) : day.y;
    let month = yearOf && n === 12 ? 12 : Math.ceil(day.m / n) * n;
    if (/next/i.test(qualifiers)) {
      month += n;
      if (month > 12) [y, month] = [y + 1, month - 12];
    }
    return endOf(y, month);
  }
  if (ordinal && ordinalUnit) {
    const k = ORDINALS[ordinal.toLowerCase()] ?? 0;
    const n = size(ordinalUnit);
    const month = k * n;
    if (month < 1 || month > 12) return null;
    if (yearOf) return endOf(Number(yearOf), month);
    const thisYear = endOf(day.y, month);
    return thisYear >= iso(day.y, day.m, day.d) ? thisYear : endOf(day.y + 1, month);
  }
  return null;
}

/**
 * The reference calendar day: the date part of "2025-03-14" or of an ISO date-time as written (the
 * publisher's day), the UTC day of a Date, and today (UTC) when missing or unparseable.
 */
export function toReferenceDay(
  ref: string | Date | undefined,
  now: () => Date = () => new Date(),
): ReferenceDay {
  let date: Date | undefined;
  if (ref instanceof Date) date = ref;
  else if (typeof ref === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ref);
    if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    const parsed = new Date(ref);
    if (!Number.isNaN(parsed.getTime())) date = parsed;
  }
  date ??= now();
  if (Number.isNaN(date.getTime())) date = now();
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** A calendar phrase as a day (calendar.ts): the shapes left once the calendar rules here have been applied. */
const calendarDate = (text: string, day: ReferenceDay, forward: boolean, graceDays = 0) =>
  readCommonDate(text, day, forward, graceDays) ?? readEmbeddedDate(text, day, forward, graceDays);

const isoOf = (r: CalendarDate) => iso(r.y, r.m, r.d);

/** `n` weekdays after the reference day (Saturday and Sunday skipped). */
function addWeekdays(day: ReferenceDay, n: number): string {
  const d = new Date(Date.UTC(day.y, day.m - 1, day.d));
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

function resolveDuration(n: string, rawUnit: string, day: ReferenceDay): string | null {
  const count = /^\d+$/.test(n) ? Number(n) : NUMBER_WORDS[n.toLowerCase()];
  if (count === undefined) return null;
  // Business, working or trading days skip weekends: counted Monday to Friday from the reference day (a public
  // holiday the text does not name would move the day; news rarely names one).
  if (/^(?:business|working|trading)\s/i.test(rawUnit))
    return /days?$/i.test(rawUnit) && count <= 999 ? addWeekdays(day, count) : null;
  // School days follow a term calendar the text does not give.
  if (/^school\s/i.test(rawUnit)) return null;
  const unit = rawUnit.replace(/^calendar\s+/i, "");
  // A fortnight is two weeks.
  const [k, u] = /^fortnights?$/i.test(unit)
    ? [count * 2, "week"]
    : [count, unit.toLowerCase().replace(/s$/, "")];
  // Counts of five digits or more are left unresolved, as the phrase reader (four digits at most) leaves them.
  if (k > 9999) return null;
  return isoOf(countFrom(day, k, u as CountUnit));
}

// Only a clock time proper (not a bare number: "1 July 2025" starts with a day) is dropped before a day.
const LEADING_TIME_RE = new RegExp(
  raw`^${CLOCK_PROPER}(?![${LETTERS}0-9])${ZONE},?\s(?:on\s|of\s|at\sthe\send\sof\s)?(?:(?:this|next)\s(?!morning|afternoon|evening))?`,
  "i",
);
const DAY_WORD_RE = new RegExp(raw`(${MONTH})\s(${DAYWORD})`, "i");
const ORDINAL_OF_MONTH_RE = new RegExp(raw`^(?:the\s)?(${ORDINAL_DAY})\sof\s(${MONTH}.*)$`, "i");
const MONTH_THE_ORDINAL_RE = new RegExp(raw`^(${MONTH})\sthe\s(${ORDINAL_DAY})$`, "i");

/**
 * The calendar part of a captured expression, in a form calendar.ts reads: a clock time before a day is dropped
 * (it does not move the day: "midnight New York time on April 3" is April 3) and a day written as a word
 * becomes digits ("April Three" -> "April 3").
 */
// A weekday before the date it names ("Friday, March 21", "Tuesday the 4th of March"): the date decides.
const WEEKDAY_BEFORE_DATE_RE = new RegExp(
  raw`^${WEEKDAY},?\s(?=(?:the\s)?(?:${MONTH}\s\d|\d{1,2}(?:st|nd|rd|th)?\s(?:of\s)?${MONTH}))`,
  "i",
);

function calendarPart(when: string): string {
  // "the start of June", "the beginning of March": the first of the month.
  let w = when
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(the )?(start|beginning) of /i, "1 ");
  const lead = LEADING_TIME_RE.exec(w);
  if (lead && lead[0].length < w.length) w = w.slice(lead[0].length).trim();
  w = w.replace(WEEKDAY_BEFORE_DATE_RE, "");
  const dayOf = (word: string) => ORDINAL_DAY_WORDS.indexOf(word.toLowerCase()) + 1;
  w = w.replace(ORDINAL_OF_MONTH_RE, (_, word: string, rest: string) => `${dayOf(word)} ${rest}`);
  w = w.replace(MONTH_THE_ORDINAL_RE, (_, month: string, word: string) => `${month} ${dayOf(word)}`);
  return w.replace(DAY_WORD_RE, (_, month: string, word: string) => {
    const lower = word.toLowerCase();
    const [tens, unit] = lower.split("-");
    const n = unit ? (DAY_WORDS[tens ?? ""] ?? 0) + UNITS_WORDS.indexOf(unit) + 1 : DAY_WORDS[lower];
    return n === undefined ? `${month} ${word}` : `${month} ${n}`;
  });
}

const END_OF_A_DAY_RE =
  /^(?:the )?end of (?:(?:the )?day (?:on )?)?(?=(?:mon|tues|wednes|thurs|fri|satur|sun)day$|today$|tomorrow$)/i;

const NUMERIC_DATE_RE = /^(?:(\d{4})-(\d\d)-(\d\d)|(\d{1,2})([./-])(\d{1,2})\5(\d{4}))$/;

/**
 * A date in figures (NUMERIC_DATE), or undefined when `w` is not one. Dots put the day first (no English-language
 * convention writes the month first with them); with slashes or dashes, a part over 12 is the day, and when both
 * parts are 12 or less the order is unknown ("05/06/2024" is 5 June in London and May 6 in New York): null.
 */
function numericDate(w: string): string | null | undefined {
  const m = NUMERIC_DATE_RE.exec(w);
  if (!m) return undefined;
  let y: number;
  let mo: number;
  let d: number;
  if (m[1]) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    const [a, b] = [Number(m[4]), Number(m[6])];
    y = Number(m[7]);
    if (m[5] === "." || a > 12) [d, mo] = [a, b];
    else if (b > 12) [mo, d] = [a, b];
    else return null;
  }
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDayOf(y, mo) ? iso(y, mo, d) : null;
}

function resolveWhen(when: string, preposition: string, day: ReferenceDay, looksBack = false): string | null {
  let w = calendarPart(when);
  const numeric = numericDate(w);
  if (numeric !== undefined) return numeric;
  const lower = w.toLowerCase();
  if (PART_OF_MONTH_RE.test(w)) return null; // "by mid-March": no single day
  const period = PERIOD_RE.exec(spelledPeriod(w));
  if (period) return periodEnd(period, day);
  const holiday = HOLIDAYS[lower.replace(/’/g, "'").replace(/ day$/, "")];
  if (holiday) {
    const [hm, hd] = holiday;
    const year = hm > day.m || (hm === day.m && hd >= day.d) ? day.y : day.y + 1;
    return iso(year, hm, hd);
  }
  w = w.replace(/^end-of-(?:the-)?/i, "end of ").replace(/^end[-\s](?!of\s)/i, "end of ");
  // "the end of Monday", "the end of the day on Monday": that day.
  if (END_OF_A_DAY_RE.test(w))
    return resolveWhen(w.replace(END_OF_A_DAY_RE, ""), preposition, day, looksBack);
  let m = END_OF_RE.exec(w);
  if (m) {
    const what = (m[1] ?? "").toLowerCase().replace(/^this /, "");
    if (what === "day") return iso(day.y, day.m, day.d);
    if (what === "year") return iso(day.y, 12, 31);
    if (what === "next year") return iso(day.y + 1, 12, 31);
    if (what === "month") return iso(day.y, day.m, lastDayOf(day.y, day.m));
    if (what === "next month") {
      const [y, mo] = day.m === 12 ? [day.y + 1, 1] : [day.y, day.m + 1];
      return iso(y, mo, lastDayOf(y, mo));
    }
    if (what === "week" || what === "next week") {
      // The week ends on Sunday; "next week" ends on the Sunday after that.
      const r = calendarDate("Sunday", day, true);
      if (!r) return null;
      const sunday = new Date(Date.UTC(r.y, r.m - 1, r.d));
      if (what === "next week") sunday.setUTCDate(sunday.getUTCDate() + 7);
      return sunday.toISOString().slice(0, 10);
    }
    if (m[4]) return iso(Number(m[4]), 12, 31);
    const month = monthIndex(m[2] ?? "");
    if (month === undefined) return null;
    const year = m[3] ? Number(m[3]) : month >= day.m ? day.y : day.y + 1;
    return iso(year, month, lastDayOf(year, month));
  }
  if (YEAR_ONLY_RE.test(w)) return null; // a bare year does not fix a day
  const dom = DAY_OF_MONTH_RE.exec(w);
  if (dom) {
    // "by the 15th": that day of the reference month, or of the next month when it has passed.
    const d = Number(dom[1]);
    const [y, mo] = d >= day.d ? [day.y, day.m] : day.m === 12 ? [day.y + 1, 1] : [day.y, day.m + 1];
    return d <= lastDayOf(y, mo) ? iso(y, mo, d) : null;
  }
  if (
    /^(?:today|tonight|midnight(?: tonight)?|noon|nightfall|dusk|sunset|this (?:morning|afternoon|evening))$/i.test(
      lower,
    )
  ) {
    return iso(day.y, day.m, day.d);
  }
  if (/^tomorrow (?:morning|afternoon|evening)$/i.test(lower)) {
    const tomorrow = readCommonDate("tomorrow", day, true);
    return tomorrow ? isoOf(tomorrow) : null;
  }
  if (TIME_ONLY_RE.test(w)) return iso(day.y, day.m, day.d);
  m = MONTH_ONLY_RE.exec(w);
  if (m) {
    const month = monthIndex(m[1] ?? "");
    if (month === undefined) return null;
    const year = m[2] ? Number(m[2]) : month >= day.m ? day.y : day.y + 1;
    if (/^(?:until|till|through)$/i.test(preposition)) return iso(year, month, lastDayOf(year, month));
    if (/^(?:by|before)$/i.test(preposition)) return iso(year, month, 1);
    return null; // "extends the deadline to May": some day in May
  }
  const weekday = WEEKDAY_RE.test(w) && !MONTH_DAY_RE.test(w);
  // A month and day without a year in a limit still to come ("a further extension until October 31", said in
  // April) is the next such day, not the closest one (the October before); a day up to a month past is kept, a
  // limit reported just after it fell ("talks went on past the June 30 deadline", said in July). After words
  // that place it in the past, the closest.
  const r = weekday ? calendarDate(w, day, true) : calendarDate(w, day, !looksBack, LIMIT_GRACE_DAYS);
  if (!r) return null;
  if (!weekday && !r.dayCertain) return null;
  return isoOf(r);
}

// How far before the reference day a month and day without a year may lie and still be this year's limit.
const LIMIT_GRACE_DAYS = 31;

// Words just before a limit that place it in the past ("had until March 15", "missed the March 15 deadline"):
// its day is then the closest such day, as a date the text reports.
const LOOKS_BACK_RE =
  /\b(?:had|missed|passed|ignored|defied|met|beat|expired|lapsed|elapsed|ended)\b(?:\s+\S+){0,4}\s*$/i;

/**
 * Finds the time limit stated in `sentence` and resolves it. Returns undefined when the sentence holds no
 * recognisable phrase (the caller still tags the topic; the deadline is then `{ phrase: <trigger>, date: null }`).
 */
export function extractDeadline(sentence: string, day: ReferenceDay): DeadlineInfo | undefined {
  const found = findDeadline(sentence, day);
  return found && { phrase: found.phrase, date: found.date };
}

/** As extractDeadline, plus `rank`: the index of the phrase rule that matched (lower is more specific). */
export function findDeadline(
  sentence: string,
  day: ReferenceDay,
): (DeadlineInfo & { rank: number }) | undefined {
  const found = locateDeadline(sentence);
  return found && { phrase: found.phrase, date: found.resolve(day), rank: found.rank };
}

/** A located time-limit phrase; `resolve` runs only when asked. */
export interface LocatedDeadline {
  readonly phrase: string;
  readonly rank: number;
  /**
   * Which limit a story is about when several sentences state one: 0 for a calendar date or time ("by March
   * 31"), before 1 for a span ("has ten weeks to", in a quote), before 2 for a limit the text reports as expired,
   * lapsed or passed ("an earlier ultimatum expired on Aug. 6", background to "ordered ... to leave within 48
   * hours"; not "had given them until noon on Thursday", which reported speech keeps running).
   */
  readonly tier: number;
  resolve(day: ReferenceDay): string | null;
}

/** Finds the most specific time-limit phrase in a sentence without resolving it. */
export function locateDeadline(sentence: string): LocatedDeadline | undefined {
  const lowered = sentence.toLowerCase();
  const lower = lowered.length === sentence.length ? lowered : undefined;
  let clockOnly: LocatedDeadline | undefined;
  let superseded: LocatedDeadline | undefined;
  for (const [rank, rule] of PHRASES.entries()) {
    if (rule.hint && !rule.hint.test(sentence)) continue;
    const head = rule.pattern.head;
    if (head && lower !== undefined && !head.test(lower)) continue;
    // The text searched: the sentence, with a superseded limit blanked (same length) to find the one after it.
    let subject = sentence;
    let subjectLower = lower;
    for (let attempt = 0; attempt < 3; attempt++) {
      const m =
        subjectLower === undefined ? rule.pattern.re.exec(subject) : rule.pattern.lower.exec(subjectLower);
      if (!m) break;
      // Matched on the lower case, quoted as written: the same positions in a string of the same length.
      const g: Record<string, string | undefined> = {};
      for (const [name, at] of Object.entries(m.indices?.groups ?? {}))
        if (at) g[name] = sentence.slice(at[0], at[1]);
      const end = m.index + m[0].length;
      // A rule that needs context to match but states the limit in part of it names that part `span`.
      const phrase = (g.span ?? sentence.slice(m.index, end)).trim();
      const after = sentence.slice(end);
      // What precedes the phrase quoted, the matched context included ("had" in "had until March 15").
      const start = m.indices?.groups?.span?.[0] ?? m.index;
      const before = sentence.slice(Math.max(0, start - 60), start);
      const located = {
        phrase,
        rank,
        tier: rule.kind === "date" ? 0 : rule.kind === "past" ? 2 : 1,
        resolve: (day: ReferenceDay) => resolve(rule.kind, phrase, g, before, after, day),
      };
      // "The Jan. 15 deadline passed at midnight": a limit that lapsed at a clock time alone yields to a phrase
      // that names its day, when the sentence has one.
      if (rule.kind === "past" && CLOCK_ONLY_RE.test(g.when ?? "")) {
        clockOnly ??= located;
        break;
      }
      // "The offer, previously scheduled to expire on February 19, will now expire on March 5": the limit that
      // replaced it comes first, when the sentence has one (searched again past the superseded one).
      if (SUPERSEDED_RE.test(before)) {
        superseded ??= located;
        const blank = " ".repeat(end);
        subject = blank + sentence.slice(end);
        subjectLower = lower === undefined ? undefined : blank + lower.slice(end);
        continue;
      }
      // ... but not to one that names no day at all ("the deadline for Iraq").
      const fallback = clockOnly ?? superseded;
      return fallback && rule.kind === "none" ? fallback : located;
    }
  }
  return clockOnly ?? superseded;
}

const SUPERSEDED_RE =
  /\b(?:previously|originally|initially|formerly|had\sbeen|was|were)\s(?:scheduled|set|due|slated|planned)\sto\s*$/i;
const CLOCK_ONLY_RE =
  /^\s*(?:(?:12\s)?(?:midnight|noon)|dawn|dusk|\d{1,2}(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am|pm))[\s,]*$/i;

/**
 * "within 48 hours from 6pm today", "from now", "within seven days of this notice": counted from the reference day
 * after all.
 */
const FROM_NOW_RE =
  /^\s+(?:from\s(?:(?:\d{1,2}(?:[:.]\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)|midnight|noon)\s)?(?:today|tonight|now)\b|(?:of|from\snotification\sof)\s(?:this|the\sdate\sof\sthis)\s(?:notice|letter|note|order|statement|decision|communication)\b)/i;

/** "after <subject> <verb in the past>": a subject of up to five words ("a senior officer who had"), then a past-tense verb. */
const PAST_CLAUSE_AFTER_RE =
  /^\s+after\s(?:(?:losing|winning|failing|refusing|rejecting|ignoring|missing|breaking|violating)\b|(?:the\s)?(?:(?!(?:being|been|is|are|be|has|have|will|would|receiving|getting)\b)[\w'’.-]+\s){1,5}?(?:[a-z]+ed|was|were|had|said|made|took|gave|sent|told|did|began|won|lost|broke|threw|shut)\b)/;

function resolve(
  kind: PhraseRule["kind"],
  phrase: string,
  g: Record<string, string | undefined>,
  before: string,
  after: string,
  day: ReferenceDay,
): string | null {
  switch (kind) {
    case "duration":
      // "within 30 days of the invoice", "within 48 hours after arrest": counted from an event the text does not
      // date, not from the reference day. A clause told in the past ("within a week after Vilnius expelled two
      // of its staff") gives the cause of a limit set now, which runs from the reference day.
      if (
        /^\s+(?:of|after|following|from)\s/i.test(after) &&
        !PAST_CLAUSE_AFTER_RE.test(after) &&
        !FROM_NOW_RE.test(after)
      )
        return null;
      return resolveDuration(g.n ?? "", g.unit ?? "", day);
    case "date": {
      // "before the May deadline": the month names the deadline itself, which falls somewhere in May.
      const namesDeadline =
        /^\s(?:deadline|ultimatum)/i.test(after) || /\s(?:deadline|ultimatum)$/i.test(phrase);
      if (namesDeadline && MONTH_ONLY_RE.test((g.when ?? "").trim())) return null;
      const preposition = /^\S+/.exec(phrase)?.[0] ?? "";
      return resolveWhen(g.when ?? "", preposition, day, LOOKS_BACK_RE.test(before));
    }
    case "past": {
      const r = calendarDate(calendarPart(g.when ?? ""), day, false);
      if (!r) {
        // Other shapes ("expired at the end of March", "at midnight", "at Christmas"): the calendar rules, looking
        // back a year when the day they give falls after the reference day.
        const out = resolveWhen(g.when ?? "", "", day);
        if (out === null || out <= iso(day.y, day.m, day.d)) return out;
        const [y, mo, d] = out.split("-").map(Number) as [number, number, number];
        return d <= lastDayOf(y - 1, mo) ? iso(y - 1, mo, d) : null;
      }
      // A limit that has already expired lies on or before the reference day: "expired on Monday", said on a
      // Friday, is the Monday before (the closest Monday may be the later one).
      const out = isoOf(r);
      const ref = iso(day.y, day.m, day.d);
      if (out <= ref || r.yearCertain) return out;
      if (WEEKDAY_RE.test(g.when ?? "") && !MONTH_DAY_RE.test(g.when ?? "")) {
        const back = new Date(`${out}T00:00:00Z`);
        back.setUTCDate(back.getUTCDate() - 7);
        return back.toISOString().slice(0, 10);
      }
      return iso(r.y - 1, r.m, r.d);
    }
    case "lapse":
      return iso(day.y, day.m, day.d);
    case "none":
      return null;
  }
}
