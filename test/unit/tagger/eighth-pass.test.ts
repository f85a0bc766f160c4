/**
 * Issue 8's eighth pass, from a fourth set of probes written blind to the rules (160 short items, 24 articles of
 * 400 to 800 words and 120 expulsion-rich items with near misses, labelled by GUIDELINES.md): the families they
 * showed the tagger missing or over-reading. Every text here is written for this test (invented names: Norcorp,
 * Estmark, Valdoria, Westmark, Portville, Corvane).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const { expectDeadline, expectDates } = deadlineCases("2025-04-10");
const { expectTopic: expectExpulsions } = topicCases("expulsions", "2025-04-10");
const { expectTopic: expectIntelligence } = topicCases("intelligence", "2025-04-10");
const tagger = loadTagger();
/** The topics a whole text is tagged with (for the document-level cases below). */
const topicsOf = (text: string) => tagger.tag(text, { referenceDate: "2025-04-10" }).map((t) => t.topic);

describe("expulsions: diplomats and officials ordered out of a city or country", () => {
  expectExpulsions(
    [
      "Estmark orders two Valdorian consular officials out of Portville over a visa racket.",
      "The government ordered 30 Valdorian diplomats and officials out of Estmark on Tuesday.",
      "Estmark orders eight Valdorian officials out of the country, including staff of the Valdorian trade representation.",
      "ESTMARK ORDERS 12 VALDORIAN U.N. AIDES OUT",
    ],
    [
      "Police ordered the protesters out of the square outside the Valdorian embassy.",
      "Estmark ordered its diplomats out of Valdoria as the fighting spread.",
      "The ambassador ordered his staff out of the building after the bomb threat.",
    ],
  );
});

describe("expulsions: high commissioners, trade offices, embassy advisers, UN missions and agency heads", () => {
  expectExpulsions(
    [
      "Estmark's government expels Valdoria's acting high commissioner over remarks about the courts.",
      "PORTVILLE ORDERS VALDORIAN HIGH COMMISSION TO CUT STAFF TO SIX",
      "Estmark orders staff of the Valdorian trade office to leave the country within a week.",
      "Portville expels a Valdorian embassy adviser it says worked for Valdoria's intelligence service.",
      "The ministry told the Valdorian mission to the United Nations to cut its staff by a third.",
      "Estmark orders the head of the World Food Programme's country office to leave, accusing it of bias.",
      "The junta ordered the United Nations' top official in the country to leave.",
      "Estmark has told the OSCE to close its field office in Portville and withdraw its international staff.",
    ],
    [
      "Estmark recalls its high commissioner to Valdoria for consultations.",
      "The high commissioner said the expelled migrants had no right of appeal.",
    ],
  );
});

describe("expulsions: a demand that another state recall or withdraw its envoy or staff", () => {
  expectExpulsions(
    [
      "Estmark demands the recall of Valdoria's ambassador in Portville after the remarks.",
      "Estmark demands that Valdoria withdraw the two diplomats behind the leaked recording.",
      "Estmark demands Valdoria withdraw three embassy employees within 48 hours.",
    ],
    [
      "The opposition demanded the recall of the ambassador to Valdoria.",
      "Lawmakers demanded that the government recall its ambassador from Valdoria.",
    ],
  );
});

describe("expulsions: forces of regional bodies and UN missions told to leave", () => {
  expectExpulsions(
    [
      "Estmark tells the regional force to leave the country by December 8, when its mandate ends.",
      "Estmark's foreign minister asks the Security Council to withdraw the UN peacekeeping mission without delay.",
    ],
    ["Estmark asks the Security Council to send more peacekeepers to the border."],
  );
});

describe("expulsions: a closed foreign consulate whose staff must leave", () => {
  expectExpulsions(
    [
      "Estmark shuts the Valdorian consulate in Portville and says its staff must leave by the end of the month.",
      "Estmark to close Valdorian consulate in Portville; staff must leave by March 1",
    ],
    ["Estmark closes its consulate in Portville and says its staff will return home."],
  );
});

describe("expulsions: an expulsion ruled out, and persona non grata for private people or by a club", () => {
  expectExpulsions(
    [
      "Estmark declares the Valdorian consul persona non grata.",
      "Estmark expels two diplomats, the ministry said.",
    ],
    [
      "The ministry summons the Valdorian ambassador but stops short of expelling any diplomats.",
      "Estmark protested to Valdoria over the harassment of a diplomat but said no retaliatory expulsions were planned.",
      '"Expelling anyone is not on the table," the minister said of the Valdorian diplomats.',
      "Estmark declares a Valdorian rock singer persona non grata and bans her for five years.",
      "A football club declares a group of rival ultras 'persona non grata' and bans them from its stadium.",
    ],
  );
});

describe("intelligence: cleverness, intelligence scores, a new thriller, an animal spied", () => {
  expectIntelligence(
    [
      "Valdoria's intelligence service said the network had been dismantled.",
      "The retired MI6 officer was charged with passing secrets to Valdoria.",
    ],
    [
      "The coach praised the tactical intelligence of his young midfielder.",
      "A study of 20,000 adults finds childhood intelligence scores predict later earnings only weakly.",
      "Review: In her new thriller, a retired MI6 officer is dragged back to Portville to unmask a mole.",
      "Hikers spy rare snow leopard on the ridge above the village.",
    ],
  );
});

describe("intelligence: companies named Intelligence in a deal, and a road named Spy Hill", () => {
  expectIntelligence(
    [
      "Valdoria signed an intelligence-sharing deal with Estmark.",
      "Estmark's Military Intelligence said the bid to cross the river had failed.",
    ],
    [
      "Norcorp launches a $2 billion tender offer for Corvane Intelligence.",
      "Norcorp agreed to acquire Corvane Intelligence for $400 million.",
      "The board approved an upgrade of the treatment plant on Spy Hill Road.",
    ],
  );
});

describe("intelligence: a story about private intelligence firms is no intelligence service", () => {
  const firm = [
    "Inside the Portville firms that sell secrets to the boardroom.",
    "Corporate investigators have become a fixture for hedge funds and private equity houses.",
    "The firm, Corvane Intelligence, runs background checks and due diligence for its corporate clients.",
    '"Anyone can put intelligence in a company name," its founder said.',
    '"And no, none of us has ever been a spy."',
  ];

  it("the firm's own story is not tagged intelligence", () => {
    expect(topicsOf(firm.join(" "))).not.toContain("intelligence");
  });
  it("one of its sentences alone still is (the veto is the firm context, not the sentence)", () => {
    expect(topicsOf(firm[4] as string)).toContain("intelligence");
  });
  it("an espionage charge in the same story keeps the topic", () => {
    const text = [...firm, "A former analyst of the firm was charged with spying for Valdoria."].join(" ");
    expect(topicsOf(text)).toContain("intelligence");
  });
});

describe("deadline: quarters written Q1 to Q4 and halves H1 and H2", () => {
  expectDates([
    [
      "Regulators ordered the bank to fix its controls before the end of Q3, the filing showed.",
      "2025-05-10",
      "before the end of Q3",
      "2025-09-30",
    ],
    [
      "Norcorp must file its plan by the end of Q4 2026.",
      "2025-05-10",
      "by the end of Q4 2026",
      "2026-12-31",
    ],
    [
      "The lender has until the end of H1 to raise capital.",
      "2025-03-10",
      "until the end of H1",
      "2025-06-30",
    ],
  ]);
  expectDeadline(
    [],
    ["Q3 earnings rose 5 percent, Norcorp said.", "Norcorp expects to close the deal by the end of Q3."],
  );
});

describe("deadline: a day named before '<what> deadline', and a lapse at a clock time", () => {
  expectDates([
    [
      "The Jan. 15 U.N. deadline for Valdoria to withdraw passed at midnight with no sign of a pullout.",
      "1991-01-16",
      "Jan. 15 U.N. deadline",
      "1991-01-15",
    ],
    [
      "Firms rushed to beat the June 30 filing deadline.",
      "2025-06-10",
      "June 30 filing deadline",
      "2025-06-30",
    ],
    [
      "The deadline for Valdoria to withdraw passed at midnight with no sign of a pullout.",
      "1991-01-16",
      "deadline for Valdoria to withdraw passed at midnight",
      "1991-01-16",
    ],
  ]);
});

describe("deadline: a limit set after a past event runs from the reference day; one after an event to come does not", () => {
  expectDates([
    [
      "Estmark orders two Valdorian diplomats to leave within a week after Valdoria expelled two of its staff.",
      "2025-05-31",
      "within a week",
      "2025-06-07",
    ],
    ["Staff must report within 10 days after being notified.", "2025-05-31", "within 10 days", null],
    [
      "The buyer must pay within 30 days after the shares are delivered.",
      "2025-05-31",
      "within 30 days",
      null,
    ],
  ]);
});

describe("deadline: time given to a long object, and a deadline that is only a figure of speech", () => {
  expectDates([
    [
      "A judge gave lawyers for the former engineer accused of selling designs to foreign agents until July 15 to file motions.",
      "2025-06-05",
      "until July 15",
      "2025-07-15",
    ],
  ]);
  expectDeadline(
    ["The manager faces a deadline of Friday to name his squad."],
    ["With fans growing restless, the manager knows he is working against an invisible deadline."],
  );
});

describe("expulsions: nuncios, staff attached to an embassy, cultural institutes, UN agency directors and monitors", () => {
  expectExpulsions(
    [
      "Estmark expels the apostolic nuncio, accusing him of meddling in the election.",
      "Estmark expelled the director of the Valdorian Cultural Institute in Portville.",
      "Estmark expelled a cultural official attached to the Valdorian embassy.",
      "Estmark orders World Food Programme country director to leave within 72 hours",
      "Estmark has told the International Atomic Energy Agency's monitors to leave the reactor site.",
      "Estmark has ordered the head of the Valdorian trade office in Portville to leave within seven days.",
      "Estmark ordered the UN human rights office in Portville closed and told three of its foreign experts to leave the country.",
    ],
    ["The director of the institute said two students had been expelled for cheating."],
  );
});

describe("expulsions: accreditation or approval withdrawn, PNG'd, a demand for the withdrawal of embassy officials", () => {
  expectExpulsions(
    [
      "Estmark withdraws the accreditation of the Valdorian consul in Portville, who must leave within 15 days.",
      "Estmark said it had withdrawn its approval of the Valdorian ambassador, who was told to leave at once.",
      "Estmark PNG'd two Valdorian attachés over the leak.",
      "Estmark's ruling council has demanded the withdrawal of three Valdorian embassy officials it accuses of sheltering plotters.",
      "Estmark has told the UN mission to begin withdrawing its peacekeepers from the border provinces by December 31.",
    ],
    ["Estmark withdrew its approval of the merger after the regulator objected."],
  );
});

describe("expulsions: a threat to expel is an expulsion story; one rejected, denied or asked for by protesters or rebels is not", () => {
  expectExpulsions(
    [
      "Estmark's foreign minister says it 'will not hesitate' to expel the Valdorian ambassador if the shelling continues.",
      "Estmark did not rule out expelling Valdorian diplomats over the affair.",
    ],
    [
      "Cabinet papers show ministers considered, then rejected, expelling the Valdorian chargé d'affaires.",
      "Estmark revokes the visas of three Valdorian officials; the ministry says no diplomats will be expelled.",
      "Estmark's foreign ministry denied reports that it had ordered Valdorian diplomats to leave.",
      "Protesters outside the foreign ministry in Portville demand expulsion of the Valdorian ambassador.",
      "Rebels order aid agency staff out of the eastern district.",
    ],
  );
});

describe("expulsions and deadline: a work of fiction about an expelled diplomat", () => {
  for (const text of [
    "Review: 'The Envoy' is a taut Cold War thriller about a Valdorian diplomat given 48 hours to leave Portville.",
    "The longlisted novel follows a Valdorian cultural attaché declared persona non grata in Estmark.",
  ]) {
    it(`tags neither expulsions nor deadline: ${text}`, () => {
      expect(topicsOf(text)).not.toContain("expulsions");
      expect(topicsOf(text)).not.toContain("deadline");
    });
  }
  it("a news report of the same thing keeps both", () => {
    const text = "Estmark gave a Valdorian diplomat 48 hours to leave Portville.";
    expect(topicsOf(text)).toEqual(expect.arrayContaining(["expulsions", "deadline"]));
  });
});

describe("intelligence: paying for classified material", () => {
  expectIntelligence(
    ["Estmark alleged the attaché paid an army clerk for classified maps of border deployments."],
    ["The collector paid a fortune for classified ads from the 1950s."],
  );
});

describe("deadline: an obligation 'in the coming weeks' is a limit with no day", () => {
  expectDates([
    [
      "Estmark has told two Valdorian diplomats that they must leave the country in the coming weeks.",
      "2025-04-10",
      "in the coming weeks",
      null,
    ],
  ]);
  expectDeadline([], ["The minister said talks would resume in the coming weeks."]);
});

describe("expulsions: members of a trade mission, a trade representative, an embassy capped at a size", () => {
  expectExpulsions(
    [
      "The government today ordered seven members of the Valdorian trade mission to leave Estmark within a week.",
      "Estmark ordered a Valdorian trade representative out of the country and gave him seven days to leave.",
      "Estmark will cap the Valdorian embassy at the size of the Estmark mission in Valdoria, so dozens of staff must leave.",
    ],
    [
      "Estmark broke off relations with Valdoria but did not say whether Valdorian staff would be asked to leave.",
      "The trade representative said the talks in Portville would resume next month.",
    ],
  );
});

describe("intelligence: a game about a spy ring, threat-intelligence reports, a racehorse, police tip-offs, 'spied something'", () => {
  expectIntelligence(
    ["Acting on intelligence from MI5, police arrested two men in Portville."],
    [
      "'Night Cipher', a stealth game in which players run a Cold War spy ring, sold two million copies.",
      "A threat-intelligence report from a cybersecurity company said one ransomware gang had extorted $40 million.",
      "Silent Spy, a 12-1 outsider, stormed home to win the Portville Guineas by a length.",
      "Acting on intelligence from informers, police boarded a dhow and seized 200kg of heroin.",
      '"I spied something in him two years ago when we played them in pre-season," the manager said.',
    ],
  );
});

describe("deadline: counted from 'today', a city's time in brackets, a transfer window that shuts", () => {
  expectDates([
    [
      "Estmark declared the Valdorian ambassador persona non grata and ordered him to leave within 48 hours from 6pm today.",
      "2025-03-04",
      "within 48 hours",
      "2025-03-06",
    ],
    [
      "The offer will now expire at 5 p.m. (Portville time) on April 12, Norcorp said.",
      "2025-04-02",
      "expire at 5 p.m. (Portville time) on April 12",
      "2025-04-12",
    ],
    [
      "Clubs were racing to complete signings, with the transfer window due to shut at 11pm on Friday.",
      "2025-08-28",
      "shut at 11pm on Friday",
      "2025-08-29",
    ],
  ]);
});

describe("expulsions: embassy drivers sent home, monitoring missions, counsellors and trade commissioners, 'no longer acceptable'", () => {
  expectExpulsions(
    [
      "Two drivers employed by the Valdorian embassy in Portville have been sent home by Estmark's authorities.",
      "Estmark has told the truce monitoring mission to leave the island within 14 days.",
      "Estmark revoked the accreditation of a Valdorian embassy commercial counsellor caught smuggling cigarettes.",
      "Estmark has ordered a trade commissioner at the Valdorian consulate in Portville to leave the country.",
      'The ministry said the cultural attaché at the Valdorian embassy was "no longer acceptable" and should depart the country.',
      "Estmark has told the United Nations that its peacekeeping mission in the east must leave by the end of the year.",
    ],
    [
      "The former coach has become persona non grata at the club since his row with the owners.",
      'The ministry dismissed as "fabricated" reports that it had ordered the Valdorian ambassador to leave.',
      "In the new season of the drama, a Valdorian officer posing as an attaché is expelled from Portville.",
    ],
  );
});

describe("intelligence: a new season of a spy drama", () => {
  expectIntelligence(
    ["The KGB officer posing as a cultural attaché was expelled from Portville, the ministry said."],
    [
      "In the new season of the spy drama, a KGB officer posing as a cultural attaché is expelled from Portville.",
    ],
  );
});

describe("deadline: until a clock time on a day, a number repeated in brackets, 'of this notice'", () => {
  expectDates([
    [
      "The army gave the gunmen holed up in the town hall until 6 p.m. on Sunday to surrender.",
      "2025-03-04",
      "until 6 p.m. on Sunday",
      "2025-03-09",
    ],
    [
      "He is required to leave the territory of Estmark within seven (7) days of this notice.",
      "2025-03-09",
      "within seven (7) days",
      "2025-03-16",
    ],
  ]);
});

describe("expulsions: inspectors of a watchdog, an organisation's office, a People's Bureau, an attaché who must leave", () => {
  expectExpulsions(
    [
      "Estmark announced that it was expelling the remaining inspectors of the international atomic watchdog.",
      "The authorities ordered the OSCE's observation office to close and its international staff to leave.",
      "Three members of the Valdorian People's Bureau have been expelled, the Foreign Office said.",
      "Estmark has formally asked Valdoria to withdraw a first secretary at its embassy after the theft of a laptop.",
      "The defence attaché at the Valdorian embassy must leave the kingdom by June 30 after the ministry declined to renew his accreditation.",
      "The government tonight ordered four members of the East Valdorian trade mission to leave the country within 14 days.",
    ],
    [
      "The inspectors of the national food agency closed two restaurants in Portville.",
      "The ambassador must leave for the summit in Portville by Friday, his office said.",
    ],
  );
});

describe("intelligence: a review's 'tidy thriller', games that let players run a CIA cell, a firm founded by former officers, agencies in Portuguese", () => {
  expectIntelligence(
    [
      "Police searched the homes of officers of the Agência Brasileira de Inteligência suspected of tracking judges.",
      "Former MI6 officers told the inquiry that the service had ignored the warning.",
    ],
    [
      "Review: In 'Cold Harbour', a disgraced MI6 officer unmasks a mole at GCHQ, a tidy, chilly thriller. Three stars.",
      "'Black Site' lets players run a CIA interrogation cell, and critics say that is the problem with the game.",
      "A corporate intelligence firm founded by former MI6 officers was hired by a mining company to trace leaks.",
      "ANGLERS SPY 'MONSTER' STURGEON IN RIVER SHALLOWS",
    ],
  );
});

describe("deadline: a rights issue's latest date, a day set as the deadline, time given to a long object, a superseded expiry", () => {
  expectDates([
    [
      "The latest time and date for acceptance and payment in full under the Rights Issue is 11.00 a.m. on 14 October 2009.",
      "2009-09-21",
      "latest time and date for acceptance and payment in full under the Rights Issue is 11.00 a.m. on 14 October 2009",
      "2009-10-14",
    ],
    [
      "The Secretary-General set 15 April as the deadline for the withdrawal of all foreign fighters.",
      "2025-03-26",
      "set 15 April as the deadline",
      "2025-04-15",
    ],
    [
      "The judge gave the former signals officer, convicted of spying for a foreign power, 30 days to lodge an appeal.",
      "2025-03-15",
      "gave the former signals officer, convicted of spying for a foreign power, 30 days to",
      "2025-04-14",
    ],
    [
      "The offer, which had been scheduled to expire at 5:00 p.m., New York City time, on Friday, will now expire at 11:59 p.m., New York City time, on June 25, 2021.",
      "2021-06-14",
      "expire at 11:59 p.m., New York City time, on June 25, 2021",
      "2021-06-25",
    ],
    [
      "The offer and withdrawal rights will expire at 12:00 midnight, New York City time, on Thursday, August 15, 1991.",
      null,
      "expire at 12:00 midnight, New York City time, on Thursday, August 15, 1991",
      "1991-08-15",
    ],
  ]);
  expectDeadline(
    [],
    [
      "Forty years on deadline: the subeditor who never once held up the presses",
      "'Deadline at Noon', a forgotten 1950s western, screens tonight at the Rialto.",
    ],
  );
});

describe("expulsions: expelled diplomats with their families, aid agency heads, officers at another state's consulate, a UN mission given until a day", () => {
  expectExpulsions(
    [
      "An aircraft carrying the 14 Valdorian diplomats expelled by Estmark and their families landed early on Monday.",
      "Estmark's government has ordered the country head of a foreign aid agency to leave.",
      "Estmark has ordered four officers at Valdoria's consulate in Portville to leave the country by Friday.",
      "Estmark has given the United Nations mission in the east until June 30 to wind up its operations and withdraw its staff.",
      "Estmark's foreign minister told the Security Council the UN peacekeeping mission had failed and demanded that the force withdraw without delay.",
      "Estmark declared two members of the embassy staff of the Valdorian Federation persona non grata.",
    ],
    [
      "Estmark expelled 300 migrants and their families over the weekend.",
      "Estmark recalled its ambassador from Valdoria, but officials said no Valdorian diplomats had been asked to leave.",
      "Asked whether the Valdorian ambassador would be expelled, the spokesman said there were no plans to do so.",
      "Thousands rally outside parliament demanding the expulsion of the Valdorian ambassador.",
      "A militia commander demanded the expulsion of the Valdorian ambassador and all foreign troops.",
      "Review: In this taut thriller, an agent posing as a cultural attaché is declared persona non grata.",
    ],
  );
});

describe("intelligence: police acting on intelligence, a student spying on classmates, stargazers, SETI, 'no evidence that any agency'", () => {
  expectIntelligence(
    [
      "Acting on intelligence from MI5, police arrested two men in Portville.",
      "Estmark ordered 14 Valdorian diplomats to leave, accusing them of gathering military and technological secrets.",
    ],
    [
      "Acting on intelligence, detectives raided a flat and seized heroin worth £200,000, police said.",
      "A university has expelled a student accused of spying on classmates with hidden cameras.",
      "Stargazers should be able to spy Jupiter and Saturn low in the south-west sky on Monday.",
      "Researchers in the search for extraterrestrial intelligence found no artificial radio signals.",
      "The researcher found no evidence that any government or intelligence agency had used the app.",
      '"Intelligence, in the old-fashioned sense, still shows," the editor said.',
      "Review: In this taut thriller, an MI6 officer posing as a cultural attaché must get his asset out of Portville.",
    ],
  );
});

describe("deadline: an early tender date, an extended expiration date, a record 'in 17 years', quoted titles and 'one long deadline'", () => {
  expectDates([
    [
      "Holders who tender their notes at or before the early tender date of 5:00 p.m. on June 8, 2025 will receive the premium.",
      "2025-05-26",
      "early tender date of 5:00 p.m. on June 8, 2025",
      "2025-06-08",
    ],
    [
      "Norcorp has extended the expiration date of its exchange offer for its 9 1/4% Senior Notes due 2029 to 5:00 p.m., New York City time, on July 2, 2025.",
      null,
      "to 5:00 p.m., New York City time, on July 2, 2025",
      "2025-07-02",
    ],
    [
      "Congress missed the Sept. 30 deadline to fund the government, triggering the first shutdown in 17 years.",
      "2013-10-01",
      "missed the Sept. 30 deadline",
      "2013-09-30",
    ],
  ]);
  expectDeadline(
    [],
    [
      "'Final Deadline', a newsroom thriller starring two veteran actors, opens in cinemas this week.",
      "For the four bakers on Mill Lane, December is one long deadline, and the ovens rarely cool before dawn.",
    ],
  );
});
