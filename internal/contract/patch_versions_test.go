package contract

import "testing"

// TestDCVersionDatesPatch checks that a Data Center version's plain dates
// validate once patched, and that the patch still finds both properties.
func TestDCVersionDatesPatch(t *testing.T) {
	v := Require(t)
	s, err := loadSpec(v.dir, jiraDC)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.stats.Patches["dc-version-dates"]; got != 2 {
		t.Errorf("dc-version-dates applied %d times, want 2", got)
	}
	bean := s.doc.Components.Schemas["VersionBean"].Value
	for _, name := range []string{"startDate", "releaseDate"} {
		if err := bean.Properties[name].Value.VisitJSON("2026-03-02"); err != nil {
			t.Errorf("%s rejects a plain date: %v", name, err)
		}
	}
}
