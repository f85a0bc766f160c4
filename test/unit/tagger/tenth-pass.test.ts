/**
 * Issue 8's tenth pass, from the errors of blind probe sets 15 and 16 (scored once on the code as it landed,
 * docs/topics.md "Tenth pass"): the families they showed the tagger missing or over-reading. Every text here is
 * written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe, expect, it } from "vitest";
import { loadTagger } from "../../../lambdas/core/tagger/load.ts";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);
const tagger = loadTagger();
const topicsOf = (text: string) => tagger.tag(text, { referenceDate: REF }).map((t) => t.topic);

describe("expulsions: who is ordered out", () => {
  expectExpulsions(
    [
      // Families riding along in an order out.
      "Estmark ordered 20 Valdorian diplomats and their families out of Portville within 72 hours.",
      // A representative of 'a' UN agency, a special representative, an agency's station chief.
      "Valdoria ordered the resident representative of a UN agency to leave, accusing him of meddling.",
      "Portville gave Anna Berg, the secretary-general's special representative, three days to leave the country.",
      "Estmark asked the CIA station chief in Portville to leave the country after a spying case.",
      // The head of a named international aid group.
      "Valdoria is expelling the head of the Estmark Refugee Council's northern programme, who has a week to leave.",
      // Members of an embassy's staff, withdrawn at the host's request.
      "Portville said it would ask Valdoria to withdraw two members of its embassy staff over a smuggling plot.",
      // "has forty-eight hours": the count in words.
      "The junta says the Estmarkian ambassador has forty-eight hours to leave the country.",
      // Asked to repatriate most of a mission.
      "Estmark has asked Valdoria to repatriate 30 of its 45 diplomats in the country by May 1.",
    ],
    [
      // Families told to leave are an evacuation, and an own staff's departure is a drawdown.
      "Estmark ordered the families of its own diplomats out of Portville as the fighting neared.",
      "The mission's special representative left the country at the end of her term.",
    ],
  );
});

describe("expulsions: how the order is worded", () => {
  expectExpulsions(
    [
      // A translated communiqué "invites" the envoy to leave the national territory.
      "The government notified the ambassador of Estmark of its decision inviting him to leave the national territory.",
      // "tells ... to go and": a second order follows.
      "Portville tells eight Valdorian diplomats to go and bars the embassy from hiring local staff.",
      // A long list of states told to pull their staff out.
      "Valdoria demanded that Estmark, Norland, Sudmark, the Isle of Pell and Ostria pull their own diplomatic staff out of Portville immediately.",
      // Given hours to close a consulate.
      "The ministry said it had given Valdoria 72 hours to close its consulate general in Portville and remove its staff.",
      // Consent withdrawn for a consulate, far from the verb.
      "Estmark withdrew its consent for the establishment and operation of the Valdorian consulate general in Portville.",
    ],
    [
      "The regional council said it would invite the ambassador to leave a wreath at the memorial.",
      "The ambassador told the staff to go and enjoy the national day reception.",
    ],
  );
});

describe("expulsions: calls, denials, speculation and hypotheticals are not an expulsion", () => {
  expectExpulsions(
    [],
    [
      "Backbenchers urged the government to expel the Valdorian ambassador over the spy ring.",
      "Protesters outside the embassy chanted for the ambassador to be sent home; ministers said there were no plans to expel him.",
      "Estmark will not renew the visas of staff at the UN office, but no one now in the country is being told to leave.",
      "The ministry said no member of the embassy had been asked to leave, calling the report false.",
      "Diplomats say a round of expulsions cannot be ruled out, but for now both capitals are only summoning envoys.",
      "If Portville sent home every Valdorian agent under diplomatic cover, a former station chief wrote, the embassy would be empty.",
    ],
  );
});

describe("expulsions: persona non grata declared by a city council or aimed at a vlogger; 'bars' is a verb", () => {
  expectExpulsions(
    [
      "Estmark bars Valdoria's envoy: the foreign minister declares the ambassador 'persona non grata' and bans him from entering.",
    ],
    [
      "The city council on Monday declared a visiting vlogger persona non grata after a video mocking local customs.",
      "A Portville vlogger was declared persona non grata by the town's festival committee.",
    ],
  );
});

describe("expulsions and intelligence: reviews of stage and screen, review leads naming fiction, games", () => {
  it("a theatre review's expelled attaché is neither topic", () => {
    const text =
      "THEATRE REVIEW: 'The Night Attaché', Portville Playhouse. A Valdorian attaché is declared persona non grata in act one and spends act two deciding whether to defect to his handler at the intelligence service.";
    expect(topicsOf(text)).not.toContain("expulsions");
    expect(topicsOf(text)).not.toContain("intelligence");
  });
  it("a review whose first sentence names a season of a drama is not intelligence", () => {
    const text =
      "Review: the third season of 'Cold Desk' sends its band of misfit agents after a sleeper cell. The drama remains the best espionage show on television.";
    expect(topicsOf(text)).not.toContain("intelligence");
  });
  it("a first sentence that names a thriller makes a short item fiction", () => {
    const text =
      "'The Winter Envoy' is a debut thriller by a former press officer. In 1970s Portville, a Valdorian attaché is unmasked as a spy and thrown out of Estmark.";
    expect(topicsOf(text)).not.toContain("expulsions");
  });
  it("a review of a history book is still about the real expulsion it recounts", () => {
    const text =
      "Book review: a new history of Estmark's listening service. In 1971 the government expelled 40 Valdorian diplomats it said were spies.";
    expect(topicsOf(text)).toContain("expulsions");
    expect(topicsOf(text)).toContain("intelligence");
  });
  expectExpulsions(
    [],
    [
      "In the strategy game's new expansion, players can expel rival envoys from their court to win prestige.",
    ],
  );
});

describe("intelligence: paying for classified papers, trying to obtain them", () => {
  expectIntelligence(
    [
      "Police say a Valdorian naval attaché paid an engineer at a shipyard in Portville for classified sonar documents.",
      "Estmark ordered 12 members of the Valdorian trade mission out, saying they had tried to obtain classified design data.",
    ],
    ["The archive said researchers had tried to obtain the declassified papers for a decade."],
  );
});

describe("intelligence: tickers with a sign, committee biographies, quoted titles, market desks, cleverness", () => {
  expectIntelligence(
    ["The Intelligence and Security Committee said the agency had missed warnings about the plot."],
    [
      "SPY -0.8% premarket; QQQ -1.1% as yields climb.",
      "Three years after she left the Intelligence and Security Committee, the former MP has written a cookbook.",
      "The buddy comedy 'Central Intelligence' pairs two former classmates in a ludicrous agency plot.",
      "Anna Berg, head of equity intelligence at Norcorp Securities, said the spread was narrow.",
      "My grandmother had more intelligence in her little finger than most of the people I later interviewed.",
    ],
  );
});

describe("deadline: limits the ninth pass missed", () => {
  expectDeadline(
    [
      "The ambassador was invited to leave the national territory within a period of seventy-two hours.",
      "Last call: the window for comments on the draft permit shuts tomorrow at noon.",
      "The grace period for drivers to swap old paper licences for the new cards ends on Wednesday.",
      "Her parents have 15 school days to ask the governing board to reconsider.",
      "The central bank told lenders on Monday that they must submit plans for restructuring the loans of farms and small shops by the end of the month.",
      "The two sides extended the terms of their interim accord until July 7 to give negotiators more time.",
    ],
    [
      "Estmark declared a Valdorian attaché persona non grata, and within days Valdoria responded by ordering an Estmarkian official to leave.",
    ],
  );
});

describe("deadline: dates the ninth pass missed", () => {
  expectDates([
    [
      "The ambassador was invited to leave the national territory within a period of seventy-two hours.",
      REF,
      "within a period of seventy-two hours",
      "2025-04-13",
    ],
    // School days follow a term calendar the text does not give.
    ["Her parents have 15 school days to ask the board to reconsider.", REF, "have 15 school days to", null],
    // A time of day alone names the reference day, as midnight does.
    ["Students ignored a 2 p.m. deadline to leave the lawn.", REF, "2 p.m. deadline", REF],
    // "last Friday's deadline" lies before the reference day.
    [
      "Valdoria missed last Friday's deadline for submitting its reforms.",
      REF,
      "missed last Friday's deadline",
      "2025-04-04",
    ],
    // "Friday next week": that day of the following Monday-to-Sunday week.
    [
      "The governor gave the miners a deadline of Friday next week to leave.",
      REF,
      "deadline of Friday next week",
      "2025-04-18",
    ],
    ["Bids must be in by Monday next week.", REF, "by Monday next week", "2025-04-14"],
    // "returns for 2023 are due April 15": a year between the noun and "due".
    [
      "Tax returns for 2024 are due April 15, the revenue office reminded filers.",
      REF,
      "are due April 15",
      "2025-04-15",
    ],
  ]);
});

describe("expulsions: set 17's orders (get out, grants, stationed at, told to go, withdraw a trade representative)", () => {
  expectExpulsions(
    [
      "Valdoria gave the first secretary of the Estmarkian embassy 48 hours to get out, after an engineer was charged with spying.",
      "Portville announces the withdrawal of its mission from Estmark and grants all members of the Estmarkian diplomatic mission 48 hours to leave.",
      "Valdoria told nine Estmarkian government officials stationed at the joint liaison office in the border town to pull out.",
      "The president ended the agreement with the commission and said the body's foreign staff had 24 hours to leave the country.",
      "PORTVILLE HITS BACK: SIX ESTMARKIAN DIPLOMATS TOLD TO GO, TALKS OFF",
      "Valdoria retaliated by telling an Estmarkian commercial attaché in Portville to go home.",
      "Estmark asked Valdoria to withdraw a deputy trade representative suspected of buying restricted parts.",
      "Estmark has ordered 40 Valdorian diplomats and embassy staff to be out by June 3.",
      "Portville demanded on Tuesday that Estmark withdraw its ambassador and said it would recall its own envoy.",
      "The council said Valdorian members of the U.N. Special Commission must be out of the country within seven days.",
      "The ministry told the Estmarkian embassy to cut the number of its diplomatic and technical personnel to 120 by September 1.",
      "Portville has asked Valdoria to halve the strength of its high commission within seven days and will pare its own mission by as much.",
    ],
    [
      "Harbour officials ordered the trawler Ambassador to leave the harbour within six hours after a fuel leak.",
      "The ambassador told reporters the talks would have to get out of the rut they were in.",
      "Norcorp said it would cut the number of its staff at the Portville plant by half.",
    ],
  );
});

describe("intelligence: set 17's long articles (secrets for a foreign power, an agency's name; AI, police, banks, fiction)", () => {
  expectIntelligence(
    [
      "A former engineer was sentenced for trying to sell secrets about reactor designs to what he believed was a foreign government.",
      "The head of Valdoria's National Directorate of Security said his agents had arrested two bombers.",
    ],
    [
      "The chef sold the secrets of his sauce to a rival restaurant.",
      "We are trying to understand what intelligence is by building small parts of it, the professor said.",
      '"Community intelligence is the lifeblood of what we do," the police chief said of the new neighbourhood hub.',
      "Sara Holm, a senior intelligence analyst in the bank's strategy group, said the deal made sense.",
    ],
  );
  it("a fiction section's review is neither an expulsion nor a deadline", () => {
    const text =
      "Books | Fiction\n\nThe Night Envoy by Ana Grey review - a cold war thriller that never warms up\n\nWith the attaché expelled, the hero sets his own ultimatum: get me out by the new year.";
    expect(topicsOf(text)).not.toContain("expulsions");
    expect(topicsOf(text)).not.toContain("deadline");
  });
});

describe("deadline: an instruction with plans to hand in", () => {
  expectDates([
    [
      "The prime minister has told ministers to submit detailed plans for cuts in their departments by the end of the month.",
      REF,
      "by the end of the month",
      "2025-04-30",
    ],
  ]);
});

describe("expulsions: set 18's (dependants, an information service, people working at an embassy, closures asked of a UN agency)", () => {
  expectExpulsions(
    [
      "Portville ordered the Estmarkian high commission to reduce its staff to five and told the remaining diplomats and their dependants that they must leave within seven days.",
      "Valdoria has asked Estmark to recall two officers of the Estmark Information Service here.",
      "Portville has told Valdoria that twelve officials working at its embassy and consulates must leave the country within 48 hours.",
      "Estmark ordered ten members of Valdoria's diplomatic mission out of Portville, including officers of its intelligence service.",
      "Two people working at the Valdorian embassy in Portville were quietly expelled last June, the minister disclosed.",
      "Estmark has instructed the United Nations refugee agency to close its office in the capital and withdraw its international staff within a month.",
    ],
    ["The embassy told its staff and their dependants to leave the capital as the fighting spread."],
  );
});

describe("intelligence: set 18's (a firm named Intelligence, corporate intelligence officers, TV and game reviews)", () => {
  expectIntelligence(
    [],
    [
      "Portville investigations firm Harrowgate Intelligence has been hired by creditors to trace the missing assets.",
      "Anna Berg has been named chief intelligence officer at retail analytics company Norcorp.",
      "REVIEW: 'The Ashgrove File' (Netflix). A weary MI6 handler has 48 hours to get an asset out of Valdoria.",
      "REVIEW — In the stealth game's remake, the hero slips into a Valdorian intelligence headquarters at night.",
    ],
  );
});

describe("deadline: set 18's (asked to leave before a date, given until a date to leave, a name with a digit)", () => {
  expectDates([
    [
      "Valdoria declared an Estmarkian consul persona non grata and asked her to leave before 13 May.",
      REF,
      "before 13 May",
      "2025-05-13",
    ],
    [
      "Estmark gave 18 Valdorian embassy staff it accused of spying until August 15 to leave the country.",
      REF,
      "until August 15",
      "2025-08-15",
    ],
    ["A judge gave MI5 until 4pm on 17 May to file a statement.", REF, "until 4pm on 17 May", "2025-05-17"],
  ]);
});

describe("expulsions: set 19's (caps on who may stay, the door, the boot, undesirable persons, officials by nationality)", () => {
  expectExpulsions(
    [
      "Portville has informed Valdoria that its embassy may keep no more than ten diplomats, a cut that means 40 people must go home.",
      "Valdoria told Estmark to shut its consular office in the border town and bring the officers posted there home.",
      "PORTVILLE ANSWERS VALDORIA BY SHOWING ITS ENVOY THE DOOR",
      "The government has asked Valdoria to withdraw fifteen of its embassy employees whom it considers intelligence officers.",
      "Portville has asked Estmark to bring its diplomatic headcount down to parity by October 10.",
      "Estmark sent an equivalent number of Valdorian consular officials home on Tuesday.",
      "Portville strips Valdorian consul in the port city of accreditation and tells him to leave by Monday.",
      "SPY RING SMASHED: 40 VALDORIAN 'DIPLOMATS' GET THE BOOT",
      "The government has declared forty members of the Valdorian embassy, who worked here against our freedom, to be undesirable persons.",
      "Estmark today expelled 90 Valdorian officials accused of espionage and barred 15 others from returning.",
    ],
    [
      "After his touchline rant, the manager is said to be persona non grata in the directors' box.",
      "Since the merger collapsed, the former chief executive has been persona non grata on the trading floor.",
      'In the season finale of the spy drama "Cold Desk", the fictional Kremlin gives the British attaché 48 hours to get out of Moscow.',
      "Expelling a handful of attachés is the diplomatic equivalent of a sternly worded letter.",
      "Posts claiming that Portville had thrown out the Valdorian consul are false, a ministry spokesman said.",
      "The Labour party expelled two Portville officials over the leaked emails.",
    ],
  );
});

describe("intelligence: set 19's (handlers, balloons, recruited to pass documents; police, committees, private firms)", () => {
  expectIntelligence(
    [
      "The engineer was arrested after leaving a package in a park for his Valdorian handlers.",
      "The Pentagon said it was tracking a Chinese surveillance balloon over the missile fields.",
      "Prosecutors said the attaché had recruited an army officer to pass on classified NATO documents.",
    ],
    [
      "The baggage handlers at Portville airport walked out on Friday.",
      'The sergeant said officers were "acting on intelligence from local businesses" about the thefts.',
      "Rep. Anna Berg, who chairs the House Intelligence Committee, pressed the farm agency over late payments.",
      "The firm had hired Castlegate Intelligence, a private investigations firm, to follow the former directors.",
    ],
  );
  it("a book review naming a novel under its 'Reviewed by' line is not intelligence or an expulsion", () => {
    const text =
      "BOOKS | A cold winter\n\nA QUIET EXIT by Ana Grey (Norcorp Press, £18.99, 384pp)\n\nReviewed by Tom Lind\n\nGrey's third novel follows a tired MI6 officer who is declared persona non grata by the Kremlin.";
    expect(topicsOf(text)).not.toContain("intelligence");
    expect(topicsOf(text)).not.toContain("expulsions");
  });
});

describe("deadline: a comedy set on deadline night is no limit", () => {
  expectDeadline(
    [],
    [
      '"Hold the Page", a comedy set in a tabloid newsroom on deadline night, transfers to the West End in May.',
    ],
  );
});

describe("expulsions: set 20's (struck off the accreditation list, a long order out, shuttered consulates; clubs, denials, leagues)", () => {
  expectExpulsions(
    [
      "Portville has told Estmark to bring the number of its diplomatic and technical staff in Portville down to 120 by September 1.",
      "The foreign ministry has struck a dozen Estmarkian diplomats off its accreditation list, obliging them to leave.",
      "The interim prime minister has ordered the Estmarkian and Valdorian high commissioners out within 24 hours.",
      "Washington told Valdoria to shutter its consulate in the port and remove its staff by Friday afternoon.",
    ],
    [
      "An exclusive golf club has expelled a Gulf state's ambassador over unpaid membership fees, the club secretary said.",
      "The ministry rejected as 'baseless fabrications' social-media posts claiming it had expelled the Valdorian ambassador.",
      "The regional league voted to suspend Valdoria and urged its members to withdraw their ambassadors from the capital.",
      "In the third season's finale, the fictional republic of Vostrava expels the British ambassador.",
      "BOOKS - A cold war debut: when a Valdorian diplomat is declared persona non grata in chapter one, his handler must choose.",
    ],
  );
});

describe("intelligence and deadline: set 20's police, figures of speech and biology", () => {
  expectIntelligence(
    [],
    [
      "Officers acting on intelligence raided a house in the suburb and seized drugs and cash, police said.",
      "A spokesman for the rural crime team said intelligence suggested that gangs were travelling from outside the county.",
      '"People assume this is a sort of spy job," the bank analyst said, laughing.',
    ],
  );
  expectDeadline(
    [
      "The planning commission will accept written comments on the proposed gravel quarry until 5 p.m. Thursday.",
    ],
    [
      "When threatened, some sea cucumbers expel their organs to distract predators, then regrow them within weeks.",
      '"People sometimes treat maturity like a deadline," the fund manager said.',
      '"We have been living with a deadline hanging over us since the diagnosis," she said.',
    ],
  );
});

describe("expulsions: set 21's (a replacement demanded, shown the door, limited to four diplomats, trimmed, insisted; spouses, priesthood, venture circles)", () => {
  expectExpulsions(
    [
      "Valdoria's government has asked Estmark to replace its ambassador, saying he is no longer a credible interlocutor.",
      "PORTVILLE SHOWS THE DOOR TO 33 VALDORIAN EMBASSY STAFFERS",
      "The ministry told the Estmarkian chargé d'affaires that the embassy would be limited to four accredited diplomats.",
      "Valdoria has insisted that Estmark trim its embassy to no more than five diplomats after the new sanctions.",
    ],
    [
      "Several Western embassies in Portville have quietly sent diplomats' spouses and children home as protests continue.",
      "A church tribunal has expelled a former papal nuncio from the priesthood over abuse allegations.",
      "Once the darling of the valley, the founder is now persona non grata in venture circles.",
    ],
  );
  // "children" alone is no evacuation cue: an agency for children, or the children of the diplomats expelled.
  expectExpulsions(
    [
      "The government has ordered the head of the U.N. children's agency in the country to leave the country.",
      "A school has lost four pupils, the children of two of the Valdorian diplomats Portville told to leave this month.",
    ],
    [],
  );
});

describe("expulsions: set 22's (accreditation terminated, blue helmets, quoted undesirable persons, will have to go, thinned missions)", () => {
  expectExpulsions(
    [
      "In a note verbale, the ministry said the accreditation of one of the mission's first secretaries had been 'terminated'.",
      "Valdoria's foreign minister told the Security Council that the UN's 13,000-strong peacekeeping force should withdraw without delay.",
      "Portville is declaring 40 employees of the Valdorian embassy 'undesirable persons', the minister said.",
      "Twelve agents serving in Valdoria's consular network in Estmark will have to go, the president's office said.",
      "By telling Estmark to thin its mission down to 21 accredited diplomats, Portville has turned parity into a weapon.",
      "Portville answered in kind, instructing Estmark to shut its consulate-general in the port and have its staff out by Monday.",
      "Estmark yesterday ordered 90 Valdorian officials to leave the country, accusing them of running a spy network from its embassy.",
    ],
    [
      "In the new grand-strategy title, expelling a rival court's envoys costs prestige, and the espionage system lets players plant agents.",
      "PERSONA NON GRATA: how one post turned a celebrity chef into the most hated man in town",
      "A Kremlin spokesman called 'absurd' a newspaper report that Moscow was preparing to expel the Estmarkian ambassador.",
      "Valdoria deports 1,200 Estmarkians in weekend raids on building sites.",
    ],
  );
});

describe("intelligence and deadline: set 22's titles, police and forecasts", () => {
  expectIntelligence(
    [],
    [
      "The former chief of MI6 has been appointed to chair a college's sports centre appeal.",
      "Police said intelligence suggested the shooting was linked to a feud between two gangs, and appealed for witnesses.",
      "Senate Intelligence Committee Chairman Anna Berg introduced a bill on farmland purchases by foreign-owned firms.",
    ],
  );
  expectDeadline(
    [],
    [
      "The Treasury expects the new beneficial-ownership reporting rules to take effect by March 2027, a spokesperson said.",
      "In a newsroom that lived by deadlines, she was the one who never seemed to hurry, colleagues recalled.",
    ],
  );
});
