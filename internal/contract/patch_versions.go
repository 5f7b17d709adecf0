package contract

import "github.com/getkin/kin-openapi/openapi3"

// dc-version-dates (Jira DC): VersionBean types startDate and releaseDate
// as date-time, but Jira DC reads and writes them as plain dates
// ("2026-03-02", with userStartDate/userReleaseDate as their display
// form), as Cloud's Version documents them. The two become format date.
var patchDCVersionDates = patch{name: "dc-version-dates", doc: applyDCVersionDates}

func applyDCVersionDates(doc *openapi3.T) int {
	bean := doc.Components.Schemas["VersionBean"]
	if bean == nil || bean.Value == nil {
		return 0
	}
	n := 0
	for _, name := range []string{"startDate", "releaseDate"} {
		p := bean.Value.Properties[name]
		if p == nil || p.Value == nil || p.Value.Format != "date-time" {
			continue
		}
		date := *p.Value
		date.Format = "date"
		bean.Value.Properties[name] = &openapi3.SchemaRef{Value: &date}
		n++
	}
	return n
}
