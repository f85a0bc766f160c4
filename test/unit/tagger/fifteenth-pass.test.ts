/**
 * Issue 8's fifteenth pass, from the errors of blind probe sets 45 and 46 (expulsion-rich, mixed short items
 * and full-length articles, each scored once on the code as it stood at 9d6d3bc, before any rule here) 47
 * (scored at d98f29c, after the rules of 45 and 46) 48 (scored at d9e8807)
 * 49 (scored at 1fe6b16)
 * 50 (scored at da6bea7)
 * and 51 (scored at 346d4f4);
 * docs/topics.md "Fifteenth pass": the families they showed the tagger missing or over-reading. Every text here
 * is written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);

describe("expulsions: set 45's diplomats named early in a long sentence and then expelled by pronoun or in the passive ('ordered them out', 'were put on the first plane back')", () => {
  expectExpulsions(
    [
      "Valdoria's security service said three Estmarkian diplomats had spent a year recruiting informers at the port, and the foreign ministry ordered them out of the country.",
      "Two attachés of the Norland embassy were caught photographing the radar site near the northern border last month and were put on the first plane back to their capital.",
      "The envoy, who had been summoned twice over his remarks about the election and the courts, was promptly expelled on Friday.",
      "Portville said the consul had met the rebel commanders on at least four occasions this spring, and it expelled him on Tuesday.",
    ],
    [
      // People who are not diplomats, put on a plane near a diplomat's word.
      "The ambassador said the migrants who had arrived at the airport on Monday were put on the first plane back to the coast.",
      // Its own diplomats, told by the state itself to come home.
      "Valdoria's foreign minister said the three diplomats in Estmark had been through a frightening week and were being sent home by their own government.",
      // A student expelled, in a sentence that mentions an embassy.
      "The embassy said the pupil, who had been caught cheating twice in the final examinations, was expelled by the school.",
    ],
  );
});

describe("expulsions: set 45's missions 'pared back' by order, and requests to shrink a mission or for a departure that were never made", () => {
  expectExpulsions(
    [
      "Estmark told Valdoria to pare back its embassy in Portville to 20 people by the summer.",
      "The government has ordered Norland to pare down its mission staff, naming 12 who must go.",
    ],
    [
      "The foreign minister said Portville had received no request from Estmark to shrink its embassy, and that its diplomats were working normally.",
      "The ministry said there had been no demand from the host government to reduce the consulate's staff.",
      "Valdoria said the Norland attaché had left at the end of his posting and that no request for his departure had been made.",
      // Its own budget cut.
      "Norland is paring back its embassy in Portville to save money, the ministry said.",
    ],
  );
});

describe("deadline: set 45's person who 'should depart by' a day, in a note or an order", () => {
  expectDeadline(
    [
      "The ministry handed the chargé d'affaires a note saying that he should depart by Monday.",
      "Valdoria informed the embassy that the two attachés should leave by the end of the week.",
    ],
    [
      // A forecast about a thing, not a person told to go.
      "The first cargo ship should depart by Monday if the weather holds.",
    ],
  );
  expectDates([
    [
      "The ministry handed the chargé d'affaires a note saying that he should depart by Monday.",
      REF,
      "by Monday",
      "2025-04-14",
    ],
  ]);
});

describe("expulsions: set 46's less usual names for mission staff (a senior representative at an embassy, a staff member of a permanent representation, officers of a foreign intelligence agency, inspectors whose designation is withdrawn)", () => {
  expectExpulsions(
    [
      "The government asked the agency's most senior representative at the Estmarkian embassy to leave Valdoria.",
      "The ministry demanded that a staff member of the Permanent Representation of Norland leave the territory within 48 hours.",
      "Valdoria expelled four officers of Estmark's military intelligence agency who had been caught near the port.",
      "Portville withdrew the designation of several senior inspectors assigned to the country.",
      "Valdoria pulls accreditation of UN inspectors",
    ],
    [
      // A delegation leaving a conference by its own choice, and an embassy official asked to attend talks.
      "The Norland delegation at the commodity talks is planning to leave tomorrow, but will ask a representative from its embassy to attend the negotiations.",
      // A permit withdrawn from a company, not a designation of officials.
      "The regulator pulled the licence of the Portville bus company after the crash.",
    ],
  );
});

describe("expulsions: set 46's diplomats 'are told to leave' beside a suggestion that an envoy return 'for consultations', a delegation head given hours 'to abandon' a named territory, and a persona non grata declared by a party's whips (NO)", () => {
  expectExpulsions(
    [
      "Portville answers in kind: eight Estmarkian diplomats are told to leave the country, and the ministry suggests that the ambassador return home 'for consultations'.",
      "The government granted the head of the European Union delegation 72 hours to abandon Valdorian territory.",
    ],
    [
      // Its own ambassador recalled for consultations.
      "Valdoria recalled its ambassador in Portville for consultations after the vote.",
      "By teatime the backbencher had been declared persona non grata by the very whips who had courted him in the spring.",
    ],
  );
});

describe("intelligence: sets 45 and 46's 'spy' as seeing (traders who spy softer demand, a striker who spies the keeper off his line), the word 'spying' quoted, and a denial that lists an agency ('no MI5, no police warrant')", () => {
  expectIntelligence(
    [
      // Guards: real espionage in the same shapes.
      "Estmark said two of its officers had been caught spying on the Valdorian navy.",
      "The court heard that he had spied for Norland's military intelligence for a decade.",
    ],
    [
      "Copper slips as traders spy softer demand from the car makers.",
      "The striker spies the keeper off his line and chips him from 40 yards.",
      "When most of us hear the word 'spying', we picture men in trench coats.",
      "There is no state agency involved: no MI5, no police warrant, no oversight.",
    ],
  );
});

describe("intelligence: sets 45 and 46's soap storylines, a remark about a minister's intelligence and a vendor's intelligence 'they can act on' (NO); a review of a spy's biography and a network gathering secrets for a foreign capital (YES)", () => {
  expectIntelligence(
    [
      "Review: a new biography of the double agent retraces how the MI6 officer fed secrets to Portville for three decades.",
      "The government ordered 30 Estmarkian officials to leave, charging that they had operated a network gathering military and technological secrets for Portville.",
    ],
    [
      "The actor is said to be thrilled with a juicy new storyline in which his character is recruited by MI5 to spy on a gang.",
      "The Speaker had him removed from the chamber after he refused to withdraw a remark about a minister's intelligence.",
      "It's intelligence they can act on before Monday morning, not after the ransom note arrives.",
      "Review: the new thriller sees an MI6 officer feed secrets to a rival power.",
    ],
  );
});

describe("deadline: sets 45 and 46's 'by' a date that sets no limit (a market snapshot 'by 1015 GMT', a price forecast, what 'could' happen by a date, a narrative 'By Thursday, ... had'), a deadline nobody set ('no ultimatum, no ...'), a grumble about deadlines and a deployment being prepared", () => {
  expectDeadline(
    [
      // Guards: real limits in the same shapes.
      "Bids must reach the agency by 1200 GMT on Friday.",
      "Estmark could face sanctions if it does not withdraw its troops by Friday.",
      "The envoy was told he must leave by Thursday, the ministry said.",
    ],
    [
      "Copper fell 1.2% to $8,190 a tonne by 1015 GMT as traders spotted weaker demand.",
      "The bank sees Brent back at $100 a barrel by the end of the fourth quarter.",
      "The agency warns that Estmark could be in a position to attack a neighbour by 2029.",
      "The acute phase of the outbreak could end by March, the health chief said.",
      "By Thursday, Portville had answered in kind, telling the ambassador to leave.",
      "There was no ultimatum, no 'recant by Friday or else'.",
      "Think of it as an eager intern who never complains about a deadline.",
      "The allies are preparing for the deployment of the missiles by the end of the year if the talks fail.",
    ],
  );
});

describe("deadline: set 45's date followed by 'when' a duty falls due ('March 7, when gatekeepers must comply')", () => {
  expectDeadline(
    [
      "Norcorp says users will be able to install other app stores, as it prepares for March 7, when large platforms must comply with the new law.",
    ],
    [
      // A date and a 'when' clause with no duty.
      "The museum reopens on March 7, when visitors can see the new wing.",
    ],
  );
});

describe("expulsions: set 47's diplomat told far down a long sentence 'that he must leave the country', a host cutting 'the Russian embassy's staff', a consul who 'has 48 hours,' in a quote, and a state ordered to suspend its embassy", () => {
  expectExpulsions(
    [
      "Ivan Petrov, a second secretary who had worked at the Estmarkian embassy in Portville since 2019, who was often seen at trade fairs in the north and whom the security service accuses of intelligence work, was told by the foreign ministry on Wednesday that he must leave the country within two weeks.",
      "Portville will reduce the Estmarkian embassy's staff by 45 people, the government said.",
      "The ministry finally acted on Tuesday night: 'The Norland consul in the port city has 48 hours,' a spokesman told reporters.",
      "Valdoria ordered Estmark to suspend operations at its embassy and said Estmarkian diplomats who are not residents must leave the country.",
    ],
    [
      // An embassy telling its own nationals to leave: an evacuation advisory.
      "Valdoria's embassy in Portville told Valdorian citizens to leave the country within 48 hours on commercial flights.",
      // Its own embassy suspended by the state itself.
      "Valdoria suspended operations at its embassy in Portville and told its diplomats to leave, citing the fighting.",
      // A possessive 'days'' is no quoted limit.
      "The ambassador said the embassy has 95 days' supply of fuel in store.",
    ],
  );
});

describe("deadline: set 47's limit given in a quote that ends on the count ('he has 72 hours,'), a headline's 'HRS', and responses 'within hours' or facts that 'came to light within a week' (NO)", () => {
  expectDeadline(
    [
      "'Our message was clear, and he has 72 hours,' the spokesman told state television.",
      "VALDORIA GIVES ESTMARK DIPLOMATS 48 HRS TO QUIT",
    ],
    [
      "Estmark expels 25 officials; Portville answers within hours by ordering 25 diplomats out.",
      "Valdoria asks the station chief to leave after two cases of spying came to light within a week.",
      "The dealer will have 95 days' supply of cars in the showrooms at the end of March.",
      "There are no crunch weeks, she insists; the deadline-obsessed rhythm of publishing is the enemy of careful work.",
    ],
  );
});

describe("intelligence: set 47's cleverness ('plays with real intelligence', 'intelligence in the sense that'), a quoted jibe of a 'double agent for Brussels', a spy museum and a mural named Spy (NO); the Official Secrets Act's 'information useful to an enemy' (YES)", () => {
  expectIntelligence(
    [
      "Two men are charged with providing information useful to an enemy to Estmark, the police said.",
      "She admitted assisting a foreign intelligence service while working at the ministry.",
    ],
    [
      "'He plays with real intelligence and he's only 17,' the manager said after the match.",
      "It is not intelligence in the sense that my grandmother was intelligent.",
      "The minister laughed off claims from his own backbenchers that he was 'a double agent for Brussels'.",
      "The International Spy Museum has reopened with a gadget gallery for families.",
      "The Spy Booth mural is to be removed from the wall of a listed house.",
    ],
  );
});

describe("expulsions: set 48's officers 'put on a plane' by pronoun far from their diplomatic passports, a withdrawal asked 'of him', peacekeepers who must 'be gone by' a date; NO for 'decisions on expelling diplomats' as a generic matter, a party's own persona non grata and 'your own envoy' ordered home", () => {
  expectExpulsions(
    [
      "Valdorian police caught four officers of Estmark's military intelligence, travelling on diplomatic passports, trying to break into the network of the watchdog and put them on a plane back home.",
      "An Estmarkian trade representative suspected of obtaining secret data left Valdoria on Friday after Portville asked Estmark to withdraw him.",
      "Valdoria's government asked the UN peacekeeping mission to start pulling out, insisting that the blue helmets be gone by the end of 2026.",
    ],
    [
      "The agency's chief told reporters that decisions on expelling diplomats were a matter for the foreign ministry.",
      "The opposition party said it would treat the Estmarkian ambassador as 'persona non grata' at its own events and rallies.",
      "Recalling one simply means ordering your own envoy to come home for a while.",
    ],
  );
});

describe("deadline: set 48's limits 'until the end of July 1492' (a year after the month), 'until the start of the next academic year', 'by 12 o'clock on Saturday'; NO for not believing in deadlines", () => {
  expectDeadline(
    [
      "The decree gave the villagers of the valley until the end of July 1492 to convert or leave.",
      "The ministry has given private schools until the start of the next academic year to appoint certified teachers.",
      "He said that if the hostages were not returned by 12 o'clock on Saturday, he would end the truce.",
    ],
    ["The novelist says he 'doesn't believe in deadlines, only in finished books'."],
  );
});

describe("intelligence: set 48's police intelligence units, a 'spy in the sky' drone, a 'spy-cam', a Bond retrospective and a film title; calling software intelligence (NO); a novelist who served in MI6 under cover (YES, though his books are fiction)", () => {
  expectIntelligence(
    [
      [
        "His thrillers sell by the million, and the protagonist of his novels is as familiar to readers as any fictional agent.",
        "He does not like being called a spy novelist: the plot, he says, matters less than the characters.",
        "The screenplay of his last book is being written by a playwright, and the film's villain is already cast.",
        "He was recruited into the Secret Intelligence Service, MI6, in 1951, and served in Vienna under the cover of a commercial attaché.",
        "The Official Secrets Act, he reminds me, does not expire with retirement.",
        "His seventh novel is to be filmed next year, and the thriller's rights sold for a record sum.",
      ].join("\n\n"),
    ],
    [
      "Operatives of the Intelligence Response Team of the Portville Police Force have arrested five suspected kidnappers.",
      "SPY IN THE SKY: police's new thermal drone catches three burglars in a backyard.",
      "SPY-CAM SHOCKER! Police arrest a store attendant after a shopper finds a hidden camera behind the mirror.",
      "A restored print of The Spy Who Loved Me will close the festival's Bond retrospective on Sunday.",
      "'Calling it intelligence gives it a lot of credit,' the researcher said of the software.",
    ],
  );
});

describe("expulsions: set 49's members of a trade delegation, staff of a state's trade office, 'combined mission staffs' cut, and a UN office whose work is suspended and its staff ordered out", () => {
  expectExpulsions(
    [
      "Valdoria today gave three members of the Estmarkian trade delegation seven days to leave the country.",
      "The government told staff of Norland's trade office in Portville to wind up their operations and leave within a month.",
      "Valdoria has told Estmark and Norland to reduce their combined mission staffs here from 275 to 170 in stages.",
      "Portville suspends the work of the UN human rights office in the country and orders its staff to leave within 72 hours.",
    ],
    [
      // Its own office's work suspended and its own staff sent home.
      "Valdoria suspended its trade office in Portville and told its staff to come home for their safety.",
    ],
  );
});

describe("intelligence: set 49's secrets sought 'for Moscow' by trying to obtain them, classified documents bought for cash (YES); cleverness beside 'smartest' or a 'reputation for intelligence', heritable intelligence, 'on-device intelligence', a council's 'spy car' (NO)", () => {
  expectIntelligence(
    [
      "Valdoria expelled 47 officials today, accusing them of trying to obtain scientific, technical and military secrets for Estmark.",
      "An official of the trade mission has been ordered to leave after police said he had obtained classified documents from an engineer in exchange for cash.",
    ],
    [
      "'My wife says I'm the smartest man she knows, but intelligence doesn't get you hired when you've got grey hair.'",
      "Norcorp's management has a reputation for intelligence and discipline, analysts said.",
      "A study of twins finds that intelligence is roughly 50 per cent heritable by early adulthood.",
      "Norcorp unveils an 'on-device intelligence' processor for phones.",
      "The council's 'spy car' issued more than 4,000 parking tickets outside schools.",
    ],
  );
});

describe("deadline: set 49's 'They have 72 hours, and after that ...', a person told 'he would be on a flight home by Friday', a coalition mandate that 'runs out at midnight'; NO for a response 'in kind within hours'", () => {
  expectDeadline(
    [
      "'They have 72 hours, and after that they are no longer members of the diplomatic corps here,' the spokesman said.",
      "The ministry revoked his accreditation and told him he would be on a flight home by Friday.",
      "The prime minister's mandate to form a government runs out at midnight.",
    ],
    [
      "Portville responded in kind within hours, telling the envoy to go home.",
      // A mandate that simply expires (borderline in the guidelines) and a mandate to form that is not timed.
      "The peacekeeping mission's mandate runs out at midnight on June 30.",
      "The president gave the mandate to form a government to the largest party.",
    ],
  );
});

describe("expulsions: set 50's peacekeepers who 'must withdraw from the country', a UN-backed commission's head ordered out, members of a People's Bureau 'informed that' they must leave, a 'ceiling on the American mission', a bureau 'ordered ... shut down', officials 'and their families' given 72 hours; NO for 'who broke the team' (a pronoun, not the WHO) and a persona non grata 'not' being considered", () => {
  expectExpulsions(
    [
      "The foreign minister told the Security Council that the peacekeeping mission had failed and must withdraw from the country without delay.",
      "The president ordered the immediate departure of the Estmarkian lawyer who heads the UN-backed anti-corruption commission.",
      "The Norland People's Bureau has been informed that four of its members are no longer acceptable in Valdoria and must leave by 30 April.",
      "Portville confirmed a ceiling on the Estmarkian mission that must be met by September 1.",
      "The military government ordered the Norland People's Bureau in the capital shut down.",
      "Valdoria on Thursday gave 35 Estmarkian officials and their families 72 hours to leave the country.",
    ],
    [
      "The coach sent home two squad members who broke the team curfew, and both will miss the series.",
      "He said the government was not considering declaring any member of the Norland embassy persona non grata.",
    ],
  );
});

describe("intelligence: set 50's police intelligence 'from the community', a private eye who is 'not a spy', gossip 'spies tell us', an underestimated intelligence, a newsletter 'Intelligence for Traders', the Epidemic Intelligence Service, a toy 'Kestrel Spy, a ... drone', crop-tour intelligence and a game 'in which players control' an agent (NO)", () => {
  expectIntelligence(
    [
      // Guard: a foreign spy's handler in the same words as the gossip slang.
      "Estmark's spies told the ministry that the reactor was almost ready, according to the leaked report.",
    ],
    [
      "'A lot of that intelligence came from the community, from residents who were fed up,' the superintendent said.",
      "'I tell them to get a solicitor, not a spy,' the private eye said.",
      "The heir was thrown out of the golf club after a row with a caddie, spies tell us.",
      "'People underestimate his intelligence because of the partying,' said one friend.",
      "PORTVILLE GAS BULLETIN: Pipeline and LNG Intelligence for Traders",
      "Disease detectives from the Epidemic Intelligence Service have been sent to the county.",
      "Sales of the Kestrel Spy, a $49 children's camera drone, have been halted.",
      "Wheat futures fell as crop-tour intelligence pointed to better yields.",
      "The new game, in which players control an operative for a secret agency-backed unit, sold two million copies.",
    ],
  );
});

describe("deadline: set 50's departure dates pushed back 'to January 31', talks extended 'until the end of June', a request made 'through the Ministry of Foreign Affairs, to' act by Friday; NO for what 'will' happen 'within weeks', what 'could' happen within months of an event, and 'Within hours, ... hit back'", () => {
  expectDeadline(
    [
      "The bloc agreed on Monday to push back Norland's departure date to January 31, 2020.",
      "Valdoria and six powers agreed to extend the negotiations until the end of June.",
      "The bureau has asked the other side, through the Ministry of Foreign Affairs, to make the man available for questioning by Friday.",
      // Guard: an obligation after 'will'.
      "The diplomats will have to leave within 48 hours, the ministry said.",
    ],
    [
      "'If we take out one group and do nothing, someone else will fill the gap within weeks,' he said.",
      "The service warned that Estmark could be in a position to attack a neighbour within six months of the fighting ending.",
      "Within hours, the embassy hit back on social media, calling the move a provocation.",
    ],
  );
});

describe("expulsions: set 51's UN force a state asks 'to withdraw its Emergency Force', ambassadors 'or most senior envoys' told to go, a high commissioner 'sent back'; NO for 'not yet decided to ask any ... diplomat to leave' and a Model UN crisis game", () => {
  expectExpulsions(
    [
      "Valdoria formally asked the United Nations today to withdraw its Emergency Force from its territory.",
      "Seven governments all told Estmark's ambassadors or most senior envoys to go.",
      "Portville will downgrade ties with Norland and send back Norland's high commissioner, the minister said.",
    ],
    [
      "The minister said the government had not yet decided to ask any Estmarkian diplomat to leave and that a review was under way.",
      // Its own envoy sent back to his post.
      "Valdoria will send back its ambassador to Portville next week after the talks.",
      [
        "Students from twelve colleges took part in the Model UN weekend in the old library.",
        "'So obviously I declared him persona non grata and expelled half their embassy,' the delegate for Valdoria said, laughing.",
      ].join("\n\n"),
    ],
  );
});

describe("intelligence: set 51's agencies in jokes and similes ('like being spied on by MI5', 'MI5 would be jealous'), 'intelligence' quoted to mean organised information, 'production' and 'spend' intelligence, a firm 'X Intelligence, the ... company', a newsletter's 'weekly intelligence for companies', a 'spy' protein, a coach's staff 'accused of spying' on training, 'not set up its own secret service' (NO); Jordan's General Intelligence Department (YES)", () => {
  expectIntelligence(
    [
      "Valdoria's General Intelligence Department has foiled a plot to attack tourists and arrested four suspects.",
    ],
    [
      // Cleverness stays masked beside the agency's name.
      "Experts doubt that tests of general intelligence predict much about a career.",
      "'It was like being spied on by MI5, except MI5 probably wouldn't comment on your clothes.'",
      "'We joked that MI5 would be jealous of his set-up,' a neighbour said.",
      'The "intelligence" simply means organised information, in the same sense as a market report.',
      'Norcorp markets the suite as "production intelligence" for plant managers.',
      'The firm will build what it calls a "spend intelligence" dashboard.',
      "Lumen Intelligence, the Austin-based company that sells software agents, has closed a funding round.",
      "PORTVILLE BUSINESS BRIEF: weekly intelligence for companies operating in the region",
      "Scientists have found a 'spy' protein that lets gut bacteria eavesdrop on their host.",
      "The coach accused the hosts' backroom staff of spying on his side's closed training session.",
      "No, your council has not set up its own secret service.",
    ],
  );
});

describe("deadline: set 51's staff to be moved 'out of all three buildings by September 2'", () => {
  expectDeadline(
    [
      "The ministry ordered Estmark to shut its consulate in Portville and two trade annexes elsewhere, and to move its staff out of all three buildings by September 2.",
    ],
    [],
  );
});

describe("intelligence: an agency named with an apposition ('X Intelligence, the military's spy agency') is no company name", () => {
  expectIntelligence(
    [
      "Valdoria has named a new director general of the Inter-Services Intelligence, the military's spy agency.",
      "Portville named a new chief of the Joint Intelligence, a spy agency run by the army.",
    ],
    ["Strider Intelligence, a research firm in Portville, said the data showed rising sales."],
  );
});
