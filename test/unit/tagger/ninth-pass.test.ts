/**
 * Issue 8's ninth pass, from the errors of the eighth blind probe set (160 mixed items, scored once on the code
 * as it landed) and the blind sets written after it: the families they showed the tagger missing or
 * over-reading. Every text here is written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-04-10");
const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-04-10");
const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-04-10");
const tagger = loadTagger();
const topicsOf = (text: string) => tagger.tag(text, { referenceDate: "2025-04-10" }).map((t) => t.topic);

describe("expulsions: citizens or migrants named elsewhere in the sentence are not an evacuation", () => {
  expectExpulsions(
    [
      "Estmark ordered 12 Valdorian diplomats to leave, saying they had spied on Estmarkian citizens abroad.",
      "Estmark and Valdoria each ordered three of the other's diplomats to leave, the latest turn in a row over migrants.",
      "Portville told two Valdorian envoys to leave within a week, citing threats against residents of the border towns.",
    ],
    [
      "The embassy urged its citizens and non-essential staff to leave the country while flights still ran.",
      "Estmark told its nationals and the families of its diplomats to leave Portville.",
      "All foreign nationals, embassy staff among them, were told to leave the city before the curfew.",
    ],
  );
});

describe("expulsions: a first, second or third secretary with a nationality is a diplomat; a party's first secretary is not", () => {
  expectExpulsions(
    [
      "Neighbours waved as the family of a Valdorian first secretary ordered out of the country last week drove to the airport.",
      "Portville expelled an Estmarkian second secretary in retaliation on Friday.",
    ],
    [
      "The party's first secretary in the province was expelled from the Communist Party for taking bribes.",
      "The First Secretary of the Communist Party of Valdoria ordered officials to leave the building.",
    ],
  );
});

describe("expulsions: protesters rallying far from the verb, demanding 'the ambassador's expulsion'", () => {
  expectExpulsions(
    [
      "Estmark demanded the Valdorian ambassador's expulsion from the alliance's talks and ordered him to leave.",
    ],
    [
      "Hundreds of students marched past the Valdorian embassy in Portville on Saturday demanding the ambassador's expulsion.",
    ],
  );
});

describe("expulsions and deadline: a book review's debut about an expelled envoy", () => {
  it("is neither an expulsion nor a deadline", () => {
    const text =
      "Book review — In 'The Attaché', Ines Varga's accomplished debut, an envoy is declared persona non grata and given 48 hours to leave a nameless capital.";
    expect(topicsOf(text)).not.toContain("expulsions");
    expect(topicsOf(text)).not.toContain("deadline");
  });
});

describe("intelligence: 'a level of intelligence' is cleverness; a level of intelligence sharing is not", () => {
  expectIntelligence(
    ["The level of intelligence sharing between Estmark's and Valdoria's services has never been higher."],
    [
      "Magpies solved the puzzles faster than most toddlers, showing a remarkable level of intelligence, the study found.",
      "Dolphins show signs of intelligence that surprised the researchers.",
    ],
  );
});

describe("deadline: a league's trade deadline with a stated time is a limit; the bare jargon is not", () => {
  expectDeadline(
    [
      "With the trade deadline set for 3 p.m. ET on Friday, Portville are listening to offers for their goalkeeper.",
      "The NHL trade deadline is 3 p.m. ET on March 3.",
    ],
    [
      "Portville made two trade deadline deals to bolster their defence.",
      "The presenter best known for his yellow ties on transfer deadline day is leaving the channel.",
    ],
  );
});

describe("deadline: short zones and 'Eastern' without 'time' keep the day they precede", () => {
  expectDates([
    [
      "The filing window for the new licences closes at 6 p.m. Eastern on Nov. 14, the commission said.",
      "2025-11-01",
      "closes at 6 p.m. Eastern on Nov. 14",
      "2025-11-14",
    ],
    [
      "Observing proposals for the autumn semester are due by 12:00 UT on 27 March.",
      "2025-02-20",
      "are due by 12:00 UT on 27 March",
      "2025-03-27",
    ],
    [
      "With the trade deadline set for 3 p.m. ET on Friday, Portville are listening to offers.",
      "2025-02-19",
      "deadline set for 3 p.m. ET on Friday",
      "2025-02-21",
    ],
  ]);
});

describe("deadline: dates in figures, with the year", () => {
  expectDates([
    [
      "Per the notice, the fee must be paid on or before 07/15/2025 or the permit lapses.",
      "2025-06-01",
      "on or before 07/15/2025",
      "2025-07-15",
    ],
    [
      "Tenants have until 30/04/2025 to claim back the overpaid charges, the tribunal ruled.",
      "2025-02-12",
      "until 30/04/2025",
      "2025-04-30",
    ],
    [
      "Bidders must upload their documents by 23:59 CET on 14.03.2025, the agency said.",
      "2025-03-08",
      "by 23:59 CET on 14.03.2025",
      "2025-03-14",
    ],
    [
      "Applications must be received no later than 2025-05-31.",
      "2025-04-10",
      "no later than 2025-05-31",
      "2025-05-31",
    ],
    // Both parts 12 or under: 5 June in Portville, May 6 in Norcorp's home town. No day is fixed.
    ["Forms must be filed by 05/06/2025.", "2025-04-10", "by 05/06/2025", null],
  ]);
});

describe("deadline: a city's time, 'the end of Monday', month-end and nightfall", () => {
  expectDates([
    [
      "Holders who wish to accept must deliver the form no later than 3:00 p.m. Portville time on 14 December 2025.",
      null,
      "no later than 3:00 p.m. Portville time on 14 December 2025",
      "2025-12-14",
    ],
    [
      "Estmark gave the rebels until 6 p.m. Portville time on Sunday to accept the plan.",
      "2025-10-03",
      "until 6 p.m. Portville time on Sunday",
      "2025-10-05",
    ],
    [
      "Early tender deadline: 5:00 p.m., New York City time, on November 20, 2025; later tenders get less.",
      "2025-11-06",
      "Early tender deadline: 5:00 p.m., New York City time, on November 20, 2025",
      "2025-11-20",
    ],
    [
      "Estmark ordered the 20 Valdorian embassy employees to leave by the end of Monday.",
      "2025-04-13",
      "by the end of Monday",
      "2025-04-14",
    ],
    [
      "The regulator gave Norcorp until month-end to explain its pricing.",
      "2025-01-12",
      "until month-end",
      "2025-01-31",
    ],
    [
      "The authorities ordered the foreign monitors to leave the capital by nightfall.",
      "2025-09-18",
      "by nightfall",
      "2025-09-18",
    ],
    [
      "Estmark gave the top Valdorian diplomat in Portville, the chargé d'affaires, 48 hours to leave the country.",
      "2025-05-22",
      "gave the top Valdorian diplomat in Portville, the chargé d'affaires, 48 hours to",
      "2025-05-24",
    ],
  ]);
});

describe("deadline: a deadline as a figure of speech", () => {
  expectDeadline(
    ["Negotiators worked against a deadline of midnight Sunday."],
    [
      "Some nights, the coach says, his team plays as if every match were a deadline.",
      "Evolution does not work to a deadline, one of the biologists said.",
      "Good bread cannot be rushed to meet anyone's deadline.",
      "Europe is racing against a deadline of its own making, the commissioner said.",
      "A memoir by a veteran sub-editor recalls forty years of chasing deadlines and long lunches.",
      "The third season was first reported by the entertainment trade site Deadline last month.",
    ],
  );
});

describe("expulsions: more ways news names the expelled and the order", () => {
  expectExpulsions(
    [
      "ESTMARK ORDERS OUT FOUR VALDORIAN HIGH COMMISSION OFFICIALS AS TRADE ROW ESCALATES",
      "Estmark has requested that the Valdorian chargé d'affaires depart the kingdom within a week.",
      "The ministry demanded the immediate recall of an assistant Valdorian air attaché it accused of photographing bases.",
      "Estmark ordered the International Atomic Energy Agency's monitors to remove their cameras and leave the country.",
      "Estmark ordered an IAEA inspector out of the country after a row at the reactor gate.",
      "Estmark's junta told the UN Security Council that peacekeepers must leave without delay.",
      "By this decree the diplomatic representation of the said State is obliged to abandon the national territory within 72 hours.",
    ],
    [
      "Persona Non Grata, the band's third album, went straight to number four.",
      'Officials said expelling diplomats was "not under consideration at this stage".',
      'A spokesman said Portville had "no plans at present" to expel Valdorian diplomats.',
      'The foreign minister dismissed as "pure fiction" a newspaper report that Estmark was preparing to expel the Valdorian ambassador.',
      "The novel opens in 1962, with a Valdorian cultural attaché being expelled from Portville after a botched dead drop.",
      "A Valdorian government official ordered reporters to leave the briefing room.",
    ],
  );
});

describe("intelligence: cleverness, employers spying on staff, titles, reviews and roles", () => {
  expectIntelligence(
    [
      "Police caught a navy captain handing classified papers to a Valdorian officer accredited to the embassy.",
      "Among those ordered out was a second secretary accused of trying to recruit a member of the RCMP Security Service.",
    ],
    [
      "A logistics company was fined for spying on its warehouse workers' messages, the privacy watchdog said.",
      "Norcorp has raised $600 million to build what it calls 'general intelligence' software for banks.",
      "TV review: 'The Quiet Bureau' turns its washed-up MI6 officers into reluctant heroes.",
      "The actor, who played a CIA analyst in three seasons of the spy drama, is to star in a West End revival.",
      "Senator Ana Ruiz, the ranking Democrat on the Intelligence Committee, introduced a bill to cap insulin prices.",
      "Crows cracked the three-step puzzle, in a study its authors say points to surprising intelligence in birds.",
      "The coach praised the intelligence of his 19-year-old midfielder.",
      "SPY, the largest exchange-traded fund tracking the index, saw $3 billion of outflows on Tuesday.",
      '"There is no intelligence-gathering angle here," the security firm\'s researcher said.',
    ],
  );
});

describe("intelligence: a feature on animal minds is about cleverness", () => {
  it("is not intelligence, unless an agency is named", () => {
    const feature = [
      "Octopuses solve puzzles faster when they watch a neighbour, marine biologists say.",
      "The study adds to work on the cognition of cephalopods such as squid and cuttlefish.",
      '"Intelligence seems to have arisen several times in evolution, along very different paths," a co-author said.',
      "Crows and parrots show similar problem-solving, and so do some primates.",
    ].join("\n\n");
    expect(topicsOf(feature)).not.toContain("intelligence");
    expect(
      topicsOf(`${feature}\n\nThe CIA once studied whether such animals could carry listening devices.`),
    ).toContain("intelligence");
  });
});

describe("expulsions, intelligence and deadline: a review of a spy novel", () => {
  it("tags none of them", () => {
    const review = [
      "Review: 'The Salt Road' is a cold, clever spy novel",
      "Ana Varga's third novel opens with a man counting stairs. Her hero, an intelligence officer posted to Portville, finds his agent dead.",
      "When his cover is blown in the second act, the Estmark government declares him persona non grata and gives him 48 hours to leave.",
      "The middle section sags under too many subplots, and a Valdorian diplomat is expelled halfway through the novel.",
      "Her prose is precise; the best spy fiction, she understands, is really about loyalty. The supporting cast is vivid.",
    ].join("\n\n");
    const topics = topicsOf(review);
    expect(topics).not.toContain("expulsions");
    expect(topics).not.toContain("intelligence");
    expect(topics).not.toContain("deadline");
  });
});

describe("expulsions: long objects, press-release wording, whole embassies, headlines in capitals", () => {
  expectExpulsions(
    [
      "The ministry has requested the immediate recall of the Valdorian first secretary, charging that he met dissidents.",
      "Estmark's president said Valdoria would have to cut 455 people from its embassy and consulates by September 1.",
      "Estmark ordered seven senior United Nations officials, among them the heads of the local UNICEF and OCHA offices, to leave the country within 72 hours.",
      "The expelled Valdorian official, who worked in the visa section of the high commission in Portville, crossed the border on Sunday.",
      "The colonel announced that the embassies of Valdoria and Norland had 48 hours to leave the country.",
      "Estmark and two neighbours severed ties with Valdoria, giving Valdorian diplomats 48 hours to leave and Valdorian residents and visitors two weeks to depart.",
      "Estmark withdrew its own envoys and demanded that those governments pull their own representatives out of Estmark within 72 hours.",
      "Estmark has demanded that peacekeepers from Norland, Valdoria and several other countries serving with the UN mission on its border leave within ten days.",
      "The Minister has today informed the Ambassador of Valdoria that, under the Vienna Convention, one member of the Embassy's staff, whose activities are not in accordance with it, is required to leave the State.",
      "In response to Portville's steps, Estmark has decided to sharply limit the maximum number of staff of Valdorian diplomatic missions in the country.",
      "Estmark has given twelve officials of the Valdorian embassy, several of them attached to its interior ministry, 48 hours to leave the country.",
      "ESTMARK ORDERS 105 VALDORIAN OFFICIALS OUT IN SPY PURGE",
    ],
    [
      "Commentators likened the speed of the board's removal to a Cold War diplomatic expulsion: swift and humiliating.",
      "The sending country flew its military attaché home after the crash; the host government had not asked him to leave.",
      "Ruling-party lawmakers urged the government to declare the Valdorian consul general persona non grata over a post.",
      "Analysts said Portville could in theory expel Valdorian diplomats if the trade pressure went on.",
      "OPINION: Polite summonses have achieved nothing. It is time to expel the ambassador and every consular official involved.",
      "Diplomats were asked to leave the courtroom when the judge moved the trial into closed session.",
      "The manager ordered the staff out of the building after the alarm.",
    ],
  );
});

describe("intelligence and deadline: a firm's name, a writer's habit", () => {
  expectIntelligence([], ["Company law firm Mossad & Partners said it had hired two new tax partners."]);
  expectDeadline(
    [],
    ["The author said that writing to a deadline was the only way he had ever finished a book."],
  );
  expectDates([
    [
      "Estmark has given twelve officials of the Valdorian embassy, several of them attached to its interior ministry, 48 hours to leave.",
      "2025-04-14",
      "has given twelve officials of the Valdorian embassy, several of them attached to its interior ministry, 48 hours to",
      "2025-04-16",
    ],
  ]);
});

describe("deadline: a city's time never takes the day or the zone that follows", () => {
  expectDates([
    [
      "The ultimatum expires at 6 a.m. Monday Portville time (0300 GMT).",
      "2025-03-12",
      "ultimatum expires at 6 a.m. Monday",
      "2025-03-17",
    ],
    [
      "The offer expires at 5 p.m. Friday London time, Norcorp said.",
      "2025-03-12",
      "expires at 5 p.m. Friday",
      "2025-03-14",
    ],
    [
      "The offer expires at midnight Central European time on Friday.",
      "2025-03-12",
      "expires at midnight Central European time on Friday",
      "2025-03-14",
    ],
    [
      "Norcorp must close the sale by the end of the year today, he said.",
      "2025-03-12",
      "by the end of the year",
      "2025-12-31",
    ],
  ]);
});

describe("expulsions: go home, be gone, pull out, a plane out, diplomatic passports, an inspection team", () => {
  expectExpulsions(
    [
      "The administration tells about 50 Valdorian diplomats to go home after the arrest of an agent.",
      "The four Valdorian officers, who carried diplomatic passports, were put on a plane out of the country.",
      "Portville says Valdoria must cut 455 of its diplomatic and technical staff in the country by September 1.",
      "Estmark orders 18 Valdorian embassy employees, whom its counter-intelligence has named as officers, to be gone by Monday.",
      "Estmark tells diplomatic personnel from seven governments that questioned the vote to pull out of the country by Thursday.",
      "Estmark tells Valdoria to withdraw about 40 diplomats by October 10, a newspaper reports.",
      "Estmark orders the Valdorian members of the UN weapons inspection team out of the country, accusing them of spying.",
    ],
    [
      "The union told its members to go home after the shift.",
      "The company must cut 755 of its staff by September.",
    ],
  );
});

describe("intelligence: a ticker, a novel 'about' an operation, 'rather than over espionage'", () => {
  expectIntelligence(
    [],
    [
      "The S&P 500 ETF, ticker SPY, records its biggest one-day outflow since 2020.",
      "'Greyhouse', Ana Varga's last novel, about a bookseller drawn into a British intelligence operation, is published.",
      "Declaring an ambassador persona non grata over public remarks, rather than over espionage, is rare.",
    ],
  );
});

describe("deadline: ordinal days, 'at the latest', strike notices, 'or until', cut-offs, notices with colons", () => {
  expectDates([
    [
      "Taxi licence holders must re-register with the city by the fifteenth of March.",
      "2025-02-20",
      "by the fifteenth of March",
      "2025-03-15",
    ],
    [
      "Bids must be lodged by March the twenty-first.",
      "2025-02-20",
      "by March the twenty-first",
      "2025-03-21",
    ],
    [
      "Landlords must upload their safety certificates this Friday at the latest.",
      "2025-04-08",
      "this Friday at the latest",
      "2025-04-11",
    ],
    [
      "The doctors' union issues a seven-day strike notice, saying members will down tools.",
      "2025-03-07",
      "seven-day strike notice",
      "2025-03-14",
    ],
    [
      "The exchange tells Norcorp it has 180 calendar days, or until August 12, 2025, to regain compliance.",
      "2025-02-14",
      "until August 12, 2025",
      "2025-08-12",
    ],
    [
      "Estmark gives an estimated 1.7 million undocumented migrants, most of them from Valdoria, until 1 November to leave.",
      "2025-10-03",
      "until 1 November",
      "2025-11-01",
    ],
    [
      "Officers remind voters that the cut-off for postal vote applications in Estmark is 5pm on 19 June.",
      "2025-06-10",
      "cut-off for postal vote applications in Estmark is 5pm on 19 June",
      "2025-06-19",
    ],
    [
      "The regulator says Norcorp has five working days to offer undertakings.",
      "2025-09-09",
      "has five working days to",
      "2025-09-16",
    ],
    [
      "Latest time for acceptance of the offer: 4:00 p.m. on Friday, 9 January 2026 (Portville time).",
      "2025-12-15",
      "Latest time for acceptance of the offer: 4:00 p.m. on Friday, 9 January 2026",
      "2026-01-09",
    ],
    [
      "The exchange offer will expire at 12:00 midnight, New York City time, at the end of July 8, 2025.",
      "2025-06-09",
      "expire at 12:00 midnight, New York City time, at the end of July 8, 2025",
      "2025-07-08",
    ],
    [
      "The closing date for entries to Portville's summer photography competition is 30 June.",
      "2025-05-12",
      "closing date for entries to Portville's summer photography competition is 30 June",
      "2025-06-30",
    ],
    [
      "Norcorp's entitlement offer closes at 5.00pm (AEDT) on 12 December 2025.",
      "2025-11-20",
      "closes at 5.00pm (AEDT) on 12 December 2025",
      "2025-12-12",
    ],
  ]);
  expectDeadline(
    [],
    [
      "The minister said the country would need new satellites by 1995 at the latest.",
      "Our Portville correspondent filed the story moments before deadline.",
      "He was the first of March's new arrivals at the club.",
    ],
  );
});

describe("expulsions: from an eleventh blind set", () => {
  expectExpulsions(
    [
      "Portville has declined to renew the visa of Valdoria's chargé d'affaires, leaving him obliged to leave by the end of the month.",
      "The four Valdorian military attachés must be gone by midnight on Friday, Estmark's foreign ministry said.",
      "Three days after Estmark declared him unwelcome, the Valdorian diplomat was put on a plane to Portville.",
      "Estmark says it expelled four Valdorians who entered the country on diplomatic passports after they were caught hacking a network.",
      "Police escorted a Valdorian embassy attaché to the border crossing on Thursday, hours after his accreditation was withdrawn.",
      "Estmark tells Valdorian envoys to go home as balloon incursions over the border continue",
      "Estmark asks the Valdorian station chief at the embassy in Portville to leave the country after two informants are uncovered.",
    ],
    [
      "The ministry has dismissed its ambassador to Valdoria and ordered him home, a decree showed.",
      "Analysis: Would sending Valdoria's ambassador packing achieve anything?",
      "Protesters outside the Valdorian embassy gave the ambassador until Sunday to leave the country.",
      "Opinion: Estmark should stop dithering and send Valdoria's ambassador home.",
      "Expelling an envoy is no panacea, but continued silence is worse.",
      "Two trainee diplomats were expelled from the foreign ministry's academy for cheating in their exams.",
    ],
  );
});

describe("intelligence: from an eleventh blind set", () => {
  expectIntelligence(
    [
      "Estmark's Security Service says its year-long operation used drones hidden in trucks to hit bombers deep inside Valdoria.",
    ],
    [
      "Senator Ana Ruiz, the top Democrat on the Senate Intelligence Committee, said the tariffs would fall hardest on farmers.",
      "Review: The film's MI6 agent spends two hours unmasking a KGB mole in Whitehall.",
      "The new film is the actor's last outing as the MI6 agent James Bond, and it finally opens in cinemas.",
      "Passing sentence, the judge praises the fraudster's 'obvious intelligence' but says he used it to cheat pensioners.",
    ],
  );
});

describe("deadline: from an eleventh blind set", () => {
  expectDates([
    [
      "Dockers' unions want a revised pay offer on the table this Friday at the latest, or they will walk out.",
      "2025-11-10",
      "this Friday at the latest",
      "2025-11-14",
    ],
    [
      "The regulator's consultation on spectrum fees closes at 5pm on 12 September; later responses will not be considered.",
      "2025-07-20",
      "closes at 5pm on 12 September",
      "2025-09-12",
    ],
    [
      "The court rules the ban unconstitutional and gives the legislature two years to change the law.",
      "2025-05-24",
      "gives the legislature two years to",
      "2027-05-24",
    ],
    [
      "The central bank grants lenders a six-month grace period, until 30 June 2025, to comply with the new rules.",
      "2024-12-09",
      "until 30 June 2025",
      "2025-06-30",
    ],
  ]);
  expectDeadline(
    [],
    [
      "Estmark's minister said the country will need new satellites by 2030 at the latest.",
      'Valdoria rejected what it called an "ultimatum" and said it would not be blackmailed.',
      "The judge gave him two years to live.",
    ],
  );
});

describe("expulsions: from a twelfth blind set", () => {
  expectExpulsions(
    [
      "Estmark tells three governments to pull their diplomatic personnel out of the country within three days.",
      "Tit for tat: Estmark and Valdoria each order one of the other's diplomats home",
      "Estmark says UN weapons inspectors will not be let back in and orders the few monitors still in the country to pack up and go.",
      "Estmark demands that those governments immediately withdraw their representatives from its territory.",
      "He was among the 105 Valdorian officials expelled from Estmark in 1971 after a defector named them.",
      "SENT PACKING! Estmark boots 60 of Valdoria's spooks out of the country and shuts its consulate.",
      "Estmark's minister told the UN Security Council that it was demanding the withdrawal 'without delay' of the peacekeeping mission.",
    ],
    [
      "The ministry denied reports circulating on social media that it had ordered the Valdorian ambassador to leave.",
      "'Expelling the ambassador would feel satisfying for an afternoon,' a former official told the committee.",
      "OPINION. It is long past time Estmark sent the Valdorian ambassador home.",
      "Estmark ordered its diplomats home for consultations.",
    ],
  );
});

describe("intelligence: cleverness in sport, and documents about AI or a match", () => {
  expectIntelligence(
    [],
    [
      "The coach praised his 19-year-old midfielder's intelligence on the ball after a two-assist debut.",
      "The head coach said his side lacked a bit of intelligence and calm in midfield.",
    ],
  );
  it("drops the topic for an AI start-up story or a match report, unless an agency is named", () => {
    const ai = [
      "Norcorp, an artificial intelligence start-up, released a new language model that tops the benchmarks.",
      "It runs on fewer GPUs and was trained on licensed data, the company said.",
      'Its chief executive said the aim was "useful intelligence at a price a hospital can afford".',
      "Rivals' chatbots and algorithms cost far more to run in their data centres, analysts said.",
    ].join("\n\n");
    expect(topicsOf(ai)).not.toContain("intelligence");
    expect(topicsOf(`${ai}\n\nThe CIA has tested the model, officials said.`)).toContain("intelligence");
    const match = [
      "Portville's midfielders ran the match, and the striker scored twice before the goalkeeper was sent off.",
      "The head coach said the squad lacked intelligence in the first half of the league season.",
      "The transfer window shuts on Thursday and the club wants two more signings.",
    ].join("\n\n");
    expect(topicsOf(match)).not.toContain("intelligence");
  });
});

describe("deadline: a named trade deadline with its time before it, and 'after deadline' in a newsroom note", () => {
  expectDeadline(
    ["The club landed a backup guard minutes before Thursday's 3 p.m. ET trade deadline."],
    ["Editor's note: this story was updated after deadline to include the minister's response."],
  );
  expectDates([
    [
      "Estmark considers the Valdorian ambassador persona non grata and has asked him to leave within the next twenty-four hours.",
      "2025-08-06",
      "within the next twenty-four hours",
      "2025-08-07",
    ],
    [
      "A family of asylum seekers have been told they must leave within 28 days after losing their final appeal.",
      "2025-06-03",
      "within 28 days",
      "2025-07-01",
    ],
  ]);
});

describe("expulsions: from a thirteenth blind set", () => {
  expectExpulsions(
    [
      "Estmark ordered seven senior United Nations officials, including the country head of UNICEF and the deputy chief of the humanitarian coordination office, to leave the country within 72 hours.",
      "Portville struck back on Tuesday, telling a consul at Estmark's consulate-general that she must leave the country by May 13.",
      "In 1985 he was head of chancery in Portville when the government ordered him and 24 other Estmarkian officials out of the country.",
      "Two Valdorian embassy employees were escorted to Portville airport by police after Estmark withdrew their accreditation.",
      "Estmark has ordered two employees of the Valdorian trade mission and a member of the embassy's commercial section to leave within a fortnight.",
      "Estmark's minister tells the Security Council that the UN peacekeeping mission must leave without delay.",
      "Estmark orders the country directors of 13 foreign aid agencies out of the country after the court's warrant.",
      "Estmark orders Valdorian embassy staff and their families to leave within 48 hours after Valdoria severs ties.",
      "Estmark downgrades relations and says Valdorian diplomats above the rank of second secretary must be out of the country by Wednesday.",
      "The government today demanded the recall of an assistant air attaché of the Valdorian Embassy, accusing him of espionage.",
    ],
    [
      "The State Department ordered most American employees at the embassy in Portville to leave, citing the growing threat of an invasion.",
      "Asked whether Estmark was considering expelling any diplomats, the minister replied that nobody was talking about that.",
      "Estmark revoked the visas of 14 Valdorian officials, but a spokeswoman said no diplomats were being expelled.",
      "Officials said no Valdorian diplomats already in the country were being asked to leave.",
      "Organisers asked Valdoria's ambassador to leave a Victory Day wreath-laying after protesters surrounded his car.",
      "Analysis: Why won't Estmark throw out Valdoria's spies?",
      "Bouncers ejected two junior diplomats from a city-centre nightclub after a scuffle at the bar, police said.",
    ],
  );
});

describe("intelligence and deadline: from a thirteenth blind set", () => {
  expectIntelligence(
    [],
    [
      "Norcorp shares jump 24% after the chipmaker forecasts revenue far above estimates on demand for artificial-intelligence chips.",
      "Providers of general-purpose artificial-intelligence models must meet new transparency duties.",
    ],
  );
  expectDeadline(
    [],
    [
      "For foreign correspondents the deadline is a way of life, and her memoir is full of late-night scrambles to file.",
      "All the talk of a 'deadline' in the trade negotiations meant little, an analyst writes.",
      "Review: The album sounds as though it was made against a deadline nobody actually set.",
    ],
  );
  expectDates([
    [
      "Norcorp said it extended its exchange offer for its 11 3/4% senior subordinated notes due 2029 to 5:00 p.m., New York City time, on March 3, 2025.",
      "2025-02-17",
      "to 5:00 p.m., New York City time, on March 3, 2025",
      "2025-03-03",
    ],
  ]);
});

describe("expulsions: from a fourteenth blind set", () => {
  expectExpulsions(
    [
      "Estmark caps the Valdorian embassy's accredited staff at 20, meaning roughly 15 diplomats and technical employees must depart by the end of the month.",
      "The minister warned that Valdorian diplomats could be sent packing if Portville keeps up the pressure.",
      "Estmark is sending home 47 Valdorian diplomats and officials accused of gathering military secrets.",
      "Estmark has asked Valdoria's ambassador to return to his country 'for some time' after the killings.",
      "The prime minister told 23 of Valdoria's undeclared intelligence officers to pack their bags and get out of the country.",
      "Estmark ordered the heads of more than ten international aid agencies working in the region out of the country.",
    ],
    [
      "After his outburst at the shareholders' meeting, the former captain has become persona non grata at Portville Park.",
      "Valdoria's foreign ministry denied a report in an Estmark newspaper that its ambassador had been told to leave.",
      "The foreign ministry has expelled a second secretary from its own foreign service after he forged visa documents.",
      "The Greens leader urged the government to expel Valdoria's ambassador.",
      "COMMENT — Suppose Estmark did expel a Valdorian diplomat over the harassment. What would it gain?",
      "The State Department has ordered the departure of all US government personnel from the embassy and suspended operations there.",
      "REVIEW — In the novel's best chapter, the KGB's man in Portville is declared persona non grata after a botched dead drop.",
    ],
  );
});

describe("intelligence and deadline: from a fourteenth blind set", () => {
  expectIntelligence(
    [],
    [
      "The judge praised the intelligence and calm of the 14-year-old who kept her brother afloat for two hours.",
    ],
  );
  expectDeadline(
    [
      "NBA trade deadline: Portville finish deal minutes before Thursday's 3 p.m. cutoff",
      "The Security Council directed that all military and civilian personnel complete their withdrawal by 30 March 2026.",
    ],
    ["Reporters on deadline crowded the county press room as the count dragged past 3 a.m."],
  );
});
