/**
 * Full-length articles (600+ words: a headline, many paragraphs, quotes, a "related" line). The guidelines: a
 * topic is YES when any part of the text meets its definition, and the evidence is the sentence that decides
 * it; a film review's spies, a security vendor's "threat intelligence" and a sports page's trade deadline are
 * NO however often they recur. Every article here is written for this test (invented places and firms).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";

const tagger = loadTagger();

/** Paragraphs about nothing any topic cares about, to bring an article to full length. */
const FILLER = [
  "The harbour town of Portville has grown quickly over the past decade, and its council has struggled to keep pace with the demand for schools, clinics and bus routes. Residents complain that the ring road is jammed every morning and that rents have doubled since the new ferry terminal opened.",
  "Farmers in the valley reported a mixed season. Wheat yields were close to the average of the last five years, but a wet spring cut the barley harvest and left many orchards with fewer apples than usual. Prices at the weekly market in the old square held steady.",
  "The regional orchestra gave its first concert in the restored town hall on Saturday, playing to a full house. The conductor thanked the volunteers who had spent two years repairing the roof and the wooden floor, and the mayor promised more money for the arts next year.",
  "Local shops have had a better year than they feared. The chamber of commerce said footfall in the high street was up by a tenth, helped by the new pedestrian zone and a string of street festivals that drew visitors from the surrounding villages.",
  "Weather forecasters expect a mild and dry week, with temperatures a little above the seasonal norm and light winds from the south-west. Fishermen said the calm sea had allowed them to spend more days out than at any time this winter.",
  "At the university, enrolment in engineering courses rose for the third year running, while the number of students choosing languages fell slightly. The rector said the new laboratories, paid for partly by local firms, had made the difference.",
  "The railway operator said its new timetable had improved punctuality on the coastal line, although passengers on the mountain branch still face long waits. A spokesman said more carriages would arrive from the factory over the coming months.",
  "Hospital managers said waiting lists had shortened after two new surgeons joined the orthopaedic team. Nurses, however, said staffing on night shifts remained thin, and their union asked for talks on pay and working hours.",
];

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** A headline, the given paragraphs spread through the filler, and at least 600 words in all. */
function article(headline: string, paragraphs: readonly string[], extra: readonly string[] = []): string {
  const body: string[] = [];
  let f = 0;
  for (const p of paragraphs) {
    body.push(FILLER[f++ % FILLER.length] as string, p);
  }
  while (words([headline, ...body].join(" ")) < 600) body.push(FILLER[f++ % FILLER.length] as string);
  const text = [headline, ...body, ...extra].join("\n\n");
  expect(words(text)).toBeGreaterThanOrEqual(600);
  return text;
}

const tagOf = (text: string, topic: string, referenceDate = "2025-03-20") =>
  tagger.tag(text, { referenceDate }).find((t) => t.topic === topic);

describe("long articles: the sentence that decides it", () => {
  it("a business story with a passing offer expiry is a deadline, with that sentence and date as evidence", () => {
    const text = article("Norcorp profit rises on strong mill sales", [
      "Norcorp said first-quarter profit rose 12 pct to 48 mln dlrs, helped by higher prices for paper and packaging. The company also sold 200 mln dlrs of notes due 2030 last month.",
      "The board set April 2 as the record date for the quarterly dividend, which will be paid on April 16.",
      "Norcorp said its raised offer for Portville Mills will expire at midnight on April 9 unless extended. About 40 pct of the shares had been tendered by Tuesday.",
      "Analysts expect the paper market to recover by 2027, and the company plans to open a new plant within the next two years.",
    ]);
    const tag = tagOf(text, "deadline");
    expect(tag?.evidence).toBe(
      "Norcorp said its raised offer for Portville Mills will expire at midnight on April 9 unless extended.",
    );
    expect(tag?.deadline?.date).toBe("2025-04-09");
  });

  it("a minister's quote that sets a limit is a deadline", () => {
    const text = article("Estmark tightens grip on the northern hills", [
      "The interior minister toured the border posts on Wednesday and met commanders of the militia that has held the hills since the autumn.",
      '"They have until Sunday to hand over their weapons, or we will act," the minister told reporters outside the barracks.',
      "Aid groups said thousands of families had left their homes in the past month and were sheltering in schools in the provincial capital.",
    ]);
    const tag = tagOf(text, "deadline");
    expect(tag?.evidence).toContain("They have until Sunday");
    expect(tag?.deadline?.date).toBe("2025-03-23");
  });

  it("a related-stories line that reports an expulsion meets the definition (any part of the text)", () => {
    const text = article(
      "Portville opens its restored town hall",
      [
        "The building, closed for repairs since a storm damaged the roof, will host council meetings and concerts.",
      ],
      ["Related: Estmark expels three Westmark diplomats after a spying row"],
    );
    expect(tagOf(text, "expulsions")?.evidence).toBe(
      "Related: Estmark expels three Westmark diplomats after a spying row",
    );
  });

  it("a real spy case that mentions a film once is still intelligence", () => {
    const text = article("Engineer held on suspicion of spying for Westmark", [
      "Counter-intelligence officers arrested a 41-year-old engineer at Portville airport on Monday on suspicion of passing designs of a naval radar to Westmark.",
      "Prosecutors said the man had met a Westmark handler at least six times over two years and had been paid in cash and gold coins.",
      "Neighbours described him as a quiet man who liked to watch old films and walk his dog by the harbour.",
    ]);
    expect(tagOf(text, "intelligence")?.evidence).toContain("Counter-intelligence officers arrested");
  });
});

describe("long articles: the contexts the guidelines rule out", () => {
  it("a film review is not intelligence, even where a sentence names MI6 or a spy without a film word", () => {
    const text = article("Review: The Glass Courier", [
      "The Glass Courier, the new thriller from a director best known for quiet family dramas, opens in cinemas on Friday and reaches the streaming service a month later.",
      "Its hero is a weary spy sent to Portville to bring home a defector, and MI6 has rarely looked so shabby: the station is a damp flat above a launderette.",
      "The cast is strong. The lead actor gives the courier a stoop and a cough, and the actress who plays his handler steals every scene she is in.",
      "The plot twists arrive on schedule, and by the final reel the double agent is exactly who you guessed in the first ten minutes.",
    ]);
    expect(tagOf(text, "intelligence")).toBeUndefined();
  });

  it("a security vendor's report on criminal hackers is not intelligence", () => {
    const text = article("Ransomware gangs shift to smaller targets, Norsec says", [
      "Security firm Norsec said in its annual threat intelligence report that ransomware gangs were turning from large companies to small clinics and schools, which pay less but rarely have backups.",
      "The report said one group had used stolen passwords and an unpatched vulnerability in a popular file-sharing tool to break into more than 300 networks.",
      "The gang's espionage tools, sold on criminal forums for a monthly fee, let buyers read a victim's email for weeks before the encryption begins.",
      "Norsec advised firms to turn on two-step logins and to apply security updates within days of their release.",
    ]);
    expect(tagOf(text, "intelligence")).toBeUndefined();
  });

  it("the same vendor story naming a state intelligence service is intelligence", () => {
    const text = article("Westmark spy agency behind ministry hack, Norsec says", [
      "Security firm Norsec said in its annual threat intelligence report that ransomware gangs were turning to small clinics and schools.",
      "The report said a unit of Westmark's military intelligence had used stolen passwords and an unpatched vulnerability to break into the foreign ministry's network.",
      "Norsec advised firms to turn on two-step logins and to apply security updates within days of their release.",
    ]);
    expect(tagOf(text, "intelligence")?.evidence).toContain("Westmark's military intelligence");
  });

  it("a sports page's trade deadline and deadline-day signings are not a deadline", () => {
    const text = article("Portville Mariners stand pat before the trade deadline", [
      "The Mariners made no moves before the trade deadline on Thursday, leaving their bullpen as thin as it was in April.",
      "Fans had hoped for a deadline-day signing after the club's best pitcher injured his elbow in the previous series.",
      "The manager said he trusted the roster and expected the young players to step up over the final two months of the season.",
    ]);
    expect(tagOf(text, "deadline")).toBeUndefined();
  });

  it("an article about deportations and a party expulsion is not about diplomatic expulsions", () => {
    const text = article("Estmark steps up deportations as party expels rebels", [
      "Estmark deported 300 Westmark migrants on Tuesday, the interior ministry said, the largest single flight this year.",
      "The ruling party expelled two senators who had voted against the budget, and the opposition called the move an attack on free debate.",
      "The ambassador of Westmark was summoned to the foreign ministry to hear a protest over a border shooting, and Estmark recalled its own ambassador for consultations.",
    ]);
    expect(tagOf(text, "expulsions")).toBeUndefined();
  });

  it("a long story with the expulsion among its near misses is tagged, with the expulsion as evidence", () => {
    const text = article("Estmark expels Westmark diplomats as row deepens", [
      "The ambassador of Westmark was summoned to the foreign ministry on Monday, and Estmark recalled its own ambassador for consultations.",
      "On Wednesday the ministry declared two Westmark diplomats persona non grata and gave them 72 hours to leave the country.",
      "Estmark also deported 40 Westmark nationals arrested at a factory, officials said, in a case they described as unrelated.",
    ]);
    expect(tagOf(text, "expulsions")?.evidence).toBe(
      "On Wednesday the ministry declared two Westmark diplomats persona non grata and gave them 72 hours to leave the country.",
    );
  });
});
