package corpus

// The vocabulary of the generator: our own lists of outlets, vendors,
// agencies and programmes in the government-cloud beat, and sentence
// templates per label. Slots: {vendor} {vendor2} {agency} {programme}
// {money} {month} {word} {number}.

var sources = []string{
	"defensenews", "nextgov", "fcw", "fedscoop", "breakingdefense", "govexec", "washingtontechnology",
	"theregister", "computerweekly", "publictechnology", "ukauthority", "heise", "euractiv", "reuters",
	"bloomberg", "washingtonpost", "nytimes", "politico", "theinformation", "geekwire", "federalnewsnetwork",
	"c4isrnet", "digitaltrends", "silicon", "lemagit",
}

var vendors = []string{
	"Amazon Web Services", "Microsoft", "Google", "Oracle", "IBM", "Salesforce", "Palantir",
	"General Dynamics IT", "Leidos", "Booz Allen Hamilton", "Accenture Federal Services", "Deloitte", "CACI",
	"SAIC", "Peraton", "ServiceNow", "Snowflake", "Cisco", "Dell Technologies", "Hewlett Packard Enterprise",
	"Red Hat", "UKCloud", "OVHcloud", "Atos", "Capgemini", "T-Systems", "Thales", "Iron Bow", "Carahsoft",
}

var agencies = []string{
	"Department of Defense", "CIA", "NSA", "DISA", "Army", "Air Force", "Navy", "Department of Homeland Security",
	"State Department", "GSA", "NASA", "Department of Veterans Affairs", "HHS", "IRS", "Department of Energy",
	"Crown Commercial Service", "Ministry of Defence", "Home Office", "GCHQ", "HMRC", "Bundeswehr",
	"French Ministry of the Armed Forces", "Australian Department of Defence", "Texas DIR", "California DGS",
}

var programmes = []string{
	"JWCC", "JEDI", "C2E", "WildandStormy", "G-Cloud", "Cloud One", "milCloud 2.0", "Gaia-X", "FedRAMP",
	"Cloud Smart", "Army Enterprise Cloud Management", "Platform One", "Bleu", "Delos Cloud", "Hosting Framework",
}

var titles = map[string][]string{
	"bid": {
		"{agency} opens bidding for {programme} cloud contract",
		"{vendor} and {vendor2} line up bids for {agency} cloud deal",
		"{agency} issues draft solicitation for {money} {programme} follow-on",
		"Vendors race to submit proposals for {programme} before {month} deadline",
		"{agency} seeks industry input on sovereign cloud tender",
	},
	"award": {
		"{agency} awards {money} {programme} contract to {vendor}",
		"{vendor} wins share of {agency} cloud contract worth {money}",
		"{programme} task orders go to {vendor} and {vendor2}",
		"{agency} picks {vendor} for classified cloud work",
		"{vendor} lands {money} {agency} cloud migration deal",
	},
	"protest": {
		"{vendor} files protest over {programme} award",
		"{vendor} challenges {agency} cloud decision at GAO",
		"GAO sustains {vendor} protest of {programme} contract",
		"{vendor2} protest delays {agency} cloud award",
		"Court of Federal Claims hears {vendor} bid protest over {programme}",
	},
	"allegation": {
		"Inspector general probes conflict of interest in {programme} procurement",
		"Lawmakers question {agency} ties to {vendor} in cloud deal",
		"{vendor} accused of improper contacts during {programme} competition",
		"Whistleblower alleges {agency} steered {programme} toward {vendor}",
		"Report finds ethics lapses in {agency} cloud acquisition",
	},
	"": {
		"Cloud cover expected to clear by {month}, forecasters say",
		"{vendor} reports quarterly earnings above expectations",
		"Startup raises funding for developer tooling",
		"Local council debates parking fees in {month}",
		"{vendor} unveils new consumer laptop line",
	},
}

var sentences = map[string][]string{
	"bid": {
		"The {agency} said proposals for the {programme} vehicle are due in {month}.",
		"{vendor} confirmed it would submit a bid and expects strong competition from {vendor2}.",
		"The solicitation covers infrastructure, platform services and classified workloads worth up to {money}.",
		"Industry groups asked the {agency} to extend the deadline for questions by {number} days.",
		"Analysts expect {number} vendors to compete for the {programme} work.",
	},
	"award": {
		"The {agency} awarded the {programme} contract, valued at {money}, on {month} {number}.",
		"{vendor} will provide cloud hosting and migration services under the award.",
		"The multi-award deal lets {vendor} and {vendor2} compete for task orders over {number} years.",
		"A spokesperson for the {agency} said the award followed a full and open competition.",
		"{vendor} said it was honoured to support the mission of the {agency}.",
	},
	"protest": {
		"{vendor} filed a bid protest with the Government Accountability Office challenging the {programme} award.",
		"The protest argues the {agency} misjudged technical risk and price.",
		"GAO has {number} days to decide the protest, which pauses work on the contract.",
		"{vendor2}, which won the award, said it was confident the decision would stand.",
		"It is the {number}th protest filed over a {agency} cloud contract this year.",
	},
	"allegation": {
		"The inspector general is examining whether a former {agency} official had a conflict of interest.",
		"Documents show meetings between {vendor} executives and procurement staff before the {programme} solicitation.",
		"Critics allege the requirements were written to favour {vendor}.",
		"The {agency} denied any wrongdoing and said it would cooperate with investigators.",
		"Lawmakers demanded records of communications about the {money} deal.",
	},
	"": {
		"The company said demand remained strong across its markets.",
		"Residents raised concerns at a meeting on {month} {number}.",
		"Forecasters expect showers and cloud cover through the weekend.",
		"The product will ship in {number} countries later this year.",
		"Shares rose {number} percent in early trading.",
	},
}

var filler = []string{
	"Officials", "declined", "to", "comment", "on", "the", "timeline", "for", "the", "next", "phase", "of", "work",
	"according", "to", "people", "familiar", "with", "matter", "budget", "documents", "show", "spending", "rose",
	"in", "fiscal", "year", "as", "agencies", "moved", "workloads", "from", "data", "centres", "and", "modernised",
	"legacy", "systems", "security", "accreditation", "remains", "a", "hurdle", "for", "smaller", "providers",
	"while", "larger", "firms", "expand", "their", "presence", "across", "government", "networks", "edge",
	"tactical", "classified", "regions", "sovereignty", "requirements", "shape", "European", "procurement",
	"framework", "buyers", "suppliers", "pricing", "licensing", "migration", "analytics", "artificial",
	"intelligence", "capacity", "resilience", "outage", "contractors", "oversight", "committee", "hearing",
}

var months = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December"}

// syllables build a long tail of rare words, so the term dictionary has
// the size and shape of a real news corpus rather than a few hundred words.
var syllables = []string{"ka", "lo", "mi", "ter", "van", "dor", "el", "qua", "rin", "tos", "be", "nu", "ship",
	"gra", "fel", "om", "zu", "pre", "tic", "al", "ven", "is", "cor", "da", "lux", "ex", "ro", "sa", "tan", "ium"}
