package classify

import (
	"testing"
	"testing/fstest"
)

// TestCloudOnlyListed checks the topic rules' guard for a story about IT
// buying in general: a cloud word that is only the last item of a list of
// three or more kinds of IT does not make it on topic, while a cloud
// contract that also mentions hardware, a listed cloud beside a cloud
// contract or a cloud platform, and a two-item "software and cloud" deal
// still are.
func TestCloudOnlyListed(t *testing.T) {
	e, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		// cloud only listed among kinds of IT
		{"Deputy minister charged over IT kickbacks",
			"Prosecutors say the deputy minister took bribes to steer contracts for printers, laptops and cloud storage to a relative's firm.", false},
		{"Audit faults county IT buying",
			"The county bought servers, storage, networking equipment or cloud services without a tender for six years, the auditor said.", false},
		// a cloud contract that also mentions hardware
		{"County awards cloud hosting contract",
			"The county awarded a cloud hosting contract to a Texas firm, which will also supply servers and networking hardware.", true},
		// a listed cloud beside a cloud contract, or a cloud platform
		{"Ministry signs cloud deal",
			"The ministry signed a cloud computing contract with a Lisbon firm. The firm also supplies the ministry's hardware, software and cloud storage.", true},
		{"Agency IT contract goes to AWS",
			"The agency awarded its contract for hardware, software and cloud services to Amazon Web Services.", true},
		// two items are not a list
		{"Council signs software and cloud deal",
			"The council signed a software and cloud services contract with a local firm.", true},
	})
}

// neededRule fires on a cloud contract in a document without "retailer";
// its all and near have operands (none, any) whose term sets are not
// needed for them to hold.
const neededRule = `rules:
  - id: t.needed
    label: on_topic
    version: 1
    description: a deal or contract for a cloud platform or service, and no retailer
    match:
      all:
        - none: [[retailer]]
        - near:
            - any: [[deal], [contract]]
            - [cloud platform, cloud service]
          within: 4
`

// TestNeededSets checks the short cut of all and near (a term set an
// operand needs has no hit: the node fails without evaluating anything):
// the term sets of a none: or of one branch of an any: are not needed.
func TestNeededSets(t *testing.T) {
	e, err := LoadFS(fstest.MapFS{"a.yaml": {Data: []byte(neededRule)}})
	if err != nil {
		t.Fatal(err)
	}
	checkOnTopic(t, e, []topicCase{
		{"", "The county signed a contract for a cloud platform.", true}, // no "retailer", no "deal"
		{"", "The county signed a deal for a cloud service.", true},      // no "contract"
		{"", "The retailer signed a contract for a cloud platform.", false},
		{"", "The county signed a contract for a data platform.", false}, // a needed set without a hit
	})
	for _, r := range e.rules {
		near := r.match.kids[1]
		want := near.kids[1].set // the near's terms operand; its any and the all's none add nothing
		if len(near.needs) != 1 || near.needs[0] != want {
			t.Errorf("near's needs = %v, want [%d]", near.needs, want)
		}
		if len(r.match.needs) != 1 || r.match.needs[0] != want {
			t.Errorf("all's needs = %v, want [%d]", r.match.needs, want)
		}
	}
}
