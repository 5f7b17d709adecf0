package confluencetools

import "testing"

func TestUnifiedDiff(t *testing.T) {
	for _, tc := range []struct{ name, a, b, want string }{
		{"same", "a\nb\n", "a\nb\n", ""},
		{"change in the middle", "1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n",
			"--- v1\n+++ v2\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8"},
		{"append to empty", "", "new\n", "--- v1\n+++ v2\n@@ -0,0 +1 @@\n+new"},
		{"two hunks", "a\n1\n2\n3\n4\n5\n6\n7\n8\nz\n", "A\n1\n2\n3\n4\n5\n6\n7\n8\nZ\n",
			"--- v1\n+++ v2\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-z\n+Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := unifiedDiff(tc.a, tc.b, "v1", "v2"); got != tc.want {
				t.Errorf("unifiedDiff =\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
