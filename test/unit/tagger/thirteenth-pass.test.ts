/**
 * Issue 8's thirteenth pass, from the errors of blind probe set 36 (scored once on the code as it landed, at b54731e;
 * docs/topics.md "Thirteenth pass"): the families it showed the tagger missing or over-reading. Every text here is
 * written for this test (invented names: Norcorp, Estmark, Valdoria, Portville).
 */
import { describe } from "vitest";
import { deadlineCases } from "../../support/deadline-cases.ts";
import { topicCases } from "../../support/topic-cases.ts";

const REF = "2025-04-10"; // a Thursday
const { expectDeadline, expectDates } = deadlineCases(REF);
const { expectTopic: expectExpulsions } = topicCases("expulsions", REF);
const { expectTopic: expectIntelligence } = topicCases("intelligence", REF);

describe("expulsions: set 36's ceilings (allowed no more than, trim to no more than, people who must stop working at missions)", () => {
  expectExpulsions(
    [
      // A ceiling stated as what each mission is allowed.
      "Under the decree, every foreign embassy in Portville will be allowed no more than six accredited staff.",
      "Each Estmarkian consulate may be permitted to employ at most four diplomats, the ministry said.",
      // Told a state that it must trim its (that state's) embassy: "its" is not the teller's own.
      "Valdoria has told Estmark it must trim its embassy in Portville to no more than 20 people.",
      "Estmark informed Valdoria that it would have to shrink its embassy to 12 staff.",
      // A number of people who must stop working at another state's missions.
      "The president said 300 people would have to stop working at Estmarkian diplomatic missions in Valdoria.",
      "Dozens of employees will have to leave the Valdorian consulates in Estmark, the order says.",
    ],
    [
      // Its own embassy trimmed: a saving, not an order from the host.
      "Valdoria said it would trim its embassy in Portville to no more than 20 people to save money.",
      // Allowed no more than a number of visitors: not a mission's staff.
      "Visitors to the embassy garden will be allowed no more than two guests each.",
      // Its own staff leaving its own missions in a restructuring.
      "Norcorp said 300 people would have to stop working at its regional offices.",
    ],
  );
});

describe("expulsions: set 36's orders (diplomatic personnel to withdraw from a territory, until a time to clear out, no longer to operate in the country, status stripped, an aid agency head, families of diplomats ordered out by the host)", () => {
  expectExpulsions(
    [
      // Demanded that another state's diplomatic personnel withdraw from its territory.
      "Valdoria demanded on Monday that diplomatic personnel of Estmark and four other states withdraw from its territory within 72 hours.",
      // Until a time to clear out.
      "The Estmarkian consul and his staff have until noon on Friday to clear out, the ministry said.",
      // An envoy of an organisation told he may no longer operate in the country.
      "Valdoria has informed the UN special representative that he may no longer operate in the country.",
      // Diplomatic status stripped, active and passive.
      "Portville has stripped three Estmarkian embassy employees of their diplomatic status.",
      "Two Valdorian diplomats were stripped of their diplomatic status on Tuesday, the ministry said.",
      // The head of a foreign aid agency's country office expelled (the guidelines count aid agency heads).
      "The government decided to expel the director of the country office of an Estmarkian aid organisation.",
      // Families of diplomats ordered out by the host state: the expulsion, not an evacuation.
      "Buses carrying the families of Estmarkian diplomats ordered out by Valdoria left the compound on Saturday.",
    ],
    [
      // Calls on other states to expel: the state named has not acted.
      "Estmark's foreign minister urged Valdoria and Portville to expel Norland's diplomats.",
      "The minister called on fellow European capitals to expel more Norland intelligence officers.",
      // A state's own dependants sent home in an evacuation.
      "The families of Estmarkian diplomats left Portville on Saturday as the fighting spread.",
      // Stripped of a title, not of diplomatic status.
      "The club stripped two players of their captaincy after the brawl.",
    ],
  );
  // A state organ's call on its own government to expel still counts (a threat or plan of that state).
  expectExpulsions(
    [
      "Valdoria's parliament passed a motion calling on the government to throw out the Estmarkian ambassador.",
    ],
    [],
  );
});

describe("intelligence: set 36's (a section label over fiction, a game's espionage screen, spy devices and gadgets that let strangers spy, what a firm calls its intelligence team, similes)", () => {
  expectIntelligence(
    [
      // Real spying next to words these families look at.
      "Estmark's counter-intelligence service said a spy device had been planted in the minister's office by Valdorian agents.",
      "Valdoria expelled two Estmarkian diplomats it accused of spying on its navy.",
    ],
    [
      "FILM | In the new spy thriller, a KGB officer posing as a cultural attaché is ordered home in the first reel.",
      "GAMING | The latest expansion adds an espionage screen: players can plant spies in rival courts.",
      "Guests found a spy device hidden in the smoke alarm of their holiday rental.",
      "Cheap children's smartwatches let strangers spy through the camera, a consumer group says.",
      'The fund draws on what the firm calls its "field intelligence" team of former engineers.',
      'He describes one workplace monitoring system as "a KGB interrogation conducted by a spreadsheet".',
    ],
  );
});

describe("deadline: set 36's (an appeal window, sending diplomats home by a day, the start of a month; plans to regulators)", () => {
  expectDeadline(
    [
      "Members who were expelled from the union could appeal within 14 days.",
      "Estmark said it would in turn send six Valdorian diplomats home by Saturday.",
      "The order will force hundreds of employees to leave by the start of June.",
      // "plan to regulators": a plan submitted, not an intention.
      "Norcorp was told to submit a rectification plan to regulators within 15 working days.",
    ],
    [
      // Forecasts: expected to complete by a time, many words after "expect".
      "Analysts expect the merger of the two regional carriers to complete by the end of the year.",
      // Past departures before dawn.
      "The convoy carrying the families of diplomats ordered out left the compound before dawn on Saturday.",
    ],
  );
  expectDates([
    ["The tenants must leave by the beginning of May.", REF, "by the beginning of May", "2025-05-01"],
    [
      "The order will force hundreds of employees to leave by the start of June.",
      REF,
      "by the start of June",
      "2025-06-01",
    ],
    // Wire copy with no reference date: a month without its year fixes no day.
    ["The tenants must leave by the beginning of May.", null, "by the beginning of May", null],
  ]);
});

describe("deadline: set 36's figures of speech (a self-imposed deadline each January, the deadline of history, a deadline we cannot see, on deadline, printing before the deadline)", () => {
  expectDeadline(
    [
      // A real self-imposed deadline with its date still counts.
      "The government missed its self-imposed deadline of March 31 for the new budget rules.",
      "Reporters must file their copy before the deadline of 6 p.m. on Friday.",
    ],
    [
      "Every January brings the same self-imposed deadline to get fit, and every February the same guilt.",
      "The minister likes to say that we face a deadline of history and must choose a side.",
      'The book ends with a warning that humanity faces "a deadline we cannot see".',
      "On deadline: how our night desk handled a count that would not end.",
      "He never told you anything you could print before the deadline, but always something you needed to know.",
    ],
  );
});

describe("expulsions: set 37's (told to bring staff down to a number far from the verb, a regime's top man told to pack his bags, staff put on a bus, a ceiling of a number on diplomats; NO for analysts' 'if ... were to', a question asked by reporters)", () => {
  expectExpulsions(
    [
      "Valdoria told Estmark on Friday to bring the number of diplomatic and technical staff at its embassy and consulates down to 300 by May 1.",
      "Ministers last night told the regime's top man in Portville to pack his bags after his embassy was caught funding a protest.",
      "Valdoria shut the Estmarkian consulate in Portville on Friday and put its nine staff on a bus to the border.",
      "Estmark had set a ceiling of 200 on Valdorian diplomats and cultural staff.",
      // Closing some of another state's consulates, with their staff told to go.
      "Portville will close three of the four Estmarkian consulates and their staff must leave by the end of May.",
    ],
    [
      "Analysts said that if the government were to send more Valdorian diplomats home, Estmark would respond in kind.",
      'Asked by reporters whether Portville would expel Estmarkian diplomats, the minister said: "No."',
      // The bank's top man in a city told to pack his bags: no state.
      "The board told the bank's top man in Portville to pack his bags after the losses.",
    ],
  );
});

describe("intelligence: set 37's (a corporate chief data and intelligence officer, 'nobody is spying on anybody', a vendor's intelligence graph)", () => {
  expectIntelligence(
    ["Estmark's chief intelligence officer briefed ministers on Valdorian spying."],
    [
      "Norcorp Bank appointed its first chief data and intelligence officer to run analytics.",
      '"Nobody is spying on anybody," the headmaster said of the new cameras.',
      '"Combining their data with our intelligence graph will give customers earlier warning," Norcorp said.',
    ],
  );
});

describe("deadline: set 37's (told a state on a day to act by a date, got till the weekend, by month's end, 'targeting' as a verb; NO for expected many words later, living on deadlines, told someone what he wanted to hear)", () => {
  expectDeadline(
    [
      "Valdoria told Estmark on Friday to cut its embassy staff by May 1.",
      'A source said: "He\'s got till the weekend."',
      "Its staff must leave by month's end, the minister said.",
      // "targeting" in an accusation is not a target date.
      "Valdoria told the Estmarkian consul to leave by May 13, after Estmark expelled a diplomat accused of targeting dissidents.",
    ],
    [
      "Diplomats said they expected an equal number of Valdorian officials and journalists to be ordered out within days.",
      '"You learn to live on deadlines and coffee."',
      "The reports told the president what he wanted to hear: that the capital would fall within days.",
      // A target date is a plan, not a limit.
      "Norcorp is targeting completion of the plant by the end of June.",
    ],
  );
});

describe("expulsions: set 38's (accreditation revoked, immunity stripped far from the envoy, a visa not extended, a deadline set for them to leave; NO for a counterfactual, a dismissed report)", () => {
  expectExpulsions(
    [
      "The foreign minister said he had revoked the diplomatic accreditation of six Estmarkian diplomats.",
      "Estmark's ambassador to Valdoria left the capital early on Wednesday, a month after the junta ordered him out and stripped him of his diplomatic immunity.",
      "The deputy head of Estmark's embassy, a career diplomat, has left the country after Valdoria declined to extend his visa.",
      "Estmark has pulled 30 diplomats out of Valdoria after Portville set a Friday deadline for them to leave.",
    ],
    [
      "If Portville truly believed its own allegations, it would have sent Estmark's ambassador packing on day one.",
      "The ministry dismissed as 'absolute nonsense' reports that it had quietly asked several embassies to send home military attachés.",
      // A journalist's accreditation: not a diplomat.
      "Valdoria revoked the press accreditation of an Estmarkian reporter.",
    ],
  );
});

describe("intelligence: set 38's (a history of real agencies; NO for an AI intelligence layer, games that cast players as agents, a season of a thriller, a firm staffed by former operatives, a product named Intelligence)", () => {
  expectIntelligence(
    [
      "BOOKS — In 'The Swap', a new history of the Cold War's prisoner exchanges, the author argues that both the CIA and the KGB treated traded agents as currency.",
    ],
    [
      "TECH — A new 'AI intelligence layer' in Norcorp's support software can now summarise a complaint.",
      "The new shooter casts players as CIA operatives on the run in the 1990s.",
      "Season three of the thriller sees the Mossad agent at its centre back on a mission abroad.",
      "Norcorp, the private intelligence firm staffed largely by former Estmarkian operatives, was hired to dig up information.",
      "Norcorp announced the general availability of Norcorp Intelligence, an AI-powered analytics platform.",
    ],
  );
});

describe("deadline: set 38's (cuts to be made by a date; NO for a plot 'in which', 'the deadline is a kind of weather', narrative 'Within hours,' and decisions announced within hours)", () => {
  expectDeadline(
    [
      "Valdoria told Estmark to reduce its embassy staff to eight diplomats, with the cuts to be made by May 5.",
      // A "within days" limit before a past-tense reporting verb is still a limit.
      "The coalition must agree a budget within days or face fresh elections, the president warned.",
    ],
    [
      "The breakthrough came four years later with The Envoy's Winter, in which an attaché is unmasked and the hero is given 48 hours to find the traitor.",
      "Thirty years in newsrooms taught me that the deadline is a kind of weather.",
      "Within hours, the foreign minister, a veteran of three governments, had been removed from his post after refusing to carry out the order.",
      "The decision was one of several announced across Europe within 48 hours.",
    ],
  );
});

describe("expulsions: set 39's (officials and journalists expelled together, a host that asked for a diplomat's removal; NO for 'it is time to show ... the door' and a gerund that 'would' send an envoy home)", () => {
  expectExpulsions(
    [
      "Portville expelled 20 Estmarkian officials and journalists on Thursday after the defection of an intelligence officer.",
      "Estmark has withdrawn a second secretary from its embassy in Portville after Valdoria's foreign ministry asked for her removal.",
    ],
    [
      // Journalists alone stay out (the guidelines mark them borderline at most).
      "Valdoria expelled two Estmarkian journalists over their reporting.",
      "OPINION | It is time for Portville to show Estmark's ambassador the door.",
      "Sending the envoy home would at last tell Estmark that our patience has limits.",
      // Asked for a minister's removal: no diplomat.
      "Protesters asked for his removal as finance minister.",
    ],
  );
});

describe("deadline: set 39's (a quoted number of days given to act; NO for a flight 'within hours')", () => {
  expectDeadline(
    ["The commander gave the Estmarkian embassy 'three days' to shut its doors."],
    ["Valdoria ordered them out, and a government plane flew them to Portville within hours."],
  );
});

describe("expulsions: set 39's removal requests are not the host's when it made none", () => {
  expectExpulsions(
    [],
    [
      "The diplomat at the centre of the crash has been recalled by his own government, the embassy said, adding that Portville had made no request for his departure.",
    ],
  );
});
