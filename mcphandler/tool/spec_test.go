package tool

import "testing"

func TestParamsUnion(t *testing.T) {
	paging := map[string]Param{"limit": {Default: 10}, "start_at": {Default: 0}}
	own := map[string]Param{"limit": {Default: 50}, "board_id": {Pattern: `^\d+$`}}
	got := Params(paging, own)
	if len(got) != 3 || got["limit"].Default != 50 || got["start_at"].Default != 0 || got["board_id"].Pattern == "" {
		t.Errorf("Params = %+v; want the union with the later set's limit", got)
	}
	got["extra"] = Param{}
	if len(paging) != 2 || paging["limit"].Default != 10 || len(own) != 2 {
		t.Errorf("Params changed its inputs: paging %+v, own %+v", paging, own)
	}
}
