//go:build !race

package atlassian

const raceEnabled = false
