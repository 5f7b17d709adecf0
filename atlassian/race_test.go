//go:build race

package atlassian

// raceEnabled: the race detector makes streaming hundreds of MB slow.
const raceEnabled = true
