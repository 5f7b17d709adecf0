package jiratools

import "testing"

// TestInternalOnlyLookup: configured keys and issue keys meet normalised
// (case, spaces, zero-width characters, percent-encoding).
func TestInternalOnlyLookup(t *testing.T) {
	d := NewDeps([]string{" Sd\u200b", "ops%20"}, SLAConfig{})
	for key, want := range map[string]bool{
		"SD-1": true, "sd-12": true, "SD-1-2": true, "\ufeffOPS-7": true,
		"SDX-1": false, "DEMO-5": false, "S-1": false,
	} {
		if got := d.internalOnly(key); got != want {
			t.Errorf("internalOnly(%q) = %v, want %v", key, got, want)
		}
	}
	if NewDeps(nil, SLAConfig{}).internalOnly("SD-1") {
		t.Error("with no internal-only projects, SD-1 is guarded")
	}
}
