package contract

import "testing"

// TestDCUntypedPathParamsApplies keeps the patch honest: it must still find
// the group member listing's untyped groupName.
func TestDCUntypedPathParamsApplies(t *testing.T) {
	v := Require(t)
	s, err := loadSpec(v.dir, confluenceDC)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.stats.Patches[patchDCUntypedPathParams.name]; got < 1 {
		t.Errorf("patch %s applied %d times, want ≥ 1", patchDCUntypedPathParams.name, got)
	}
}
