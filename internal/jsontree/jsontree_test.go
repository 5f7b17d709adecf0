package jsontree

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

// seeds are inputs where encoding/json's behaviour is easy to get wrong.
var seeds = []string{
	`{"a":1,"b":[true,false,null],"c":{"d":"e"}}`,
	` [1, -0, 0.5, 1e3, 1E-7, -12.5e+2, 123456789012345678901234567890] `,
	`"\u00e9\ud83d\ude00\ud800\u0041\udc00x\/\b\f\n\r\t\"\\"`,
	"\"caf\xc3\xa9 \xff \xe2\x80\xa8\"",
	`{"a":1,"a":2}`,
	`{}`, `[]`, `""`, `null`, `true`, `0`,
	`{"a":}`, `[1,]`, `{"a" 1}`, `01`, `1.`, `1e`, `-`, `"\x"`, `"\u12"`, `"abc`, `[1 2]`, `{"a":1}x`,
	`1e400`, `"` + "\x01" + `"`, `tru`, `nul`, `[`, `{`, `{"a"`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	`{"html":"<a href=\"x\">&amp;</a>"}`,
}

func issueJSON(t testing.TB) []byte {
	data, err := os.ReadFile("testdata/issue.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sameAsEncodingJSON checks Decode against encoding/json on one input:
// both accept it with equal trees, or both refuse it.
func sameAsEncodingJSON(t *testing.T, data []byte) {
	var want any
	wantErr := json.Unmarshal(data, &want)
	got, err := Decode(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: Decode error %v, encoding/json error %v", data, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Decode gave %#v, encoding/json %#v", data, got, want)
	}
}

func TestDecodeMatchesEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		sameAsEncodingJSON(t, []byte(s))
	}
	sameAsEncodingJSON(t, issueJSON(t))
}

func FuzzDecodeMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add(issueJSON(f))
	f.Fuzz(sameAsEncodingJSON)
}

// sameEncoding checks Append against an encoding/json Encoder on the tree
// encoding/json decodes data into, with and without HTML escaping.
func sameEncoding(t *testing.T, data []byte) {
	var v any
	if json.Unmarshal(data, &v) != nil {
		return
	}
	for _, html := range []bool{false, true} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(html)
		wantErr := enc.Encode(v)
		got, err := Append(nil, v, html)
		if (err != nil) != (wantErr != nil) {
			t.Fatalf("%q: Append error %v, encoding/json error %v", data, err, wantErr)
		}
		if want := bytes.TrimSuffix(buf.Bytes(), []byte("\n")); err == nil && !bytes.Equal(got, want) {
			t.Fatalf("%q (escapeHTML %v):\nAppend        %s\nencoding/json %s", data, html, got, want)
		}
	}
}

func TestAppendMatchesEncodingJSON(t *testing.T) {
	for _, s := range seeds {
		sameEncoding(t, []byte(s))
	}
	sameEncoding(t, issueJSON(t))
	// Values outside the generic tree go to encoding/json.
	mixed := map[string]any{"n": 3, "i": int64(-4), "s": []string{"<x>"}, "t": struct {
		A string `json:"a"`
	}{"&"}, "f": 1e-7, "g": 1e21, "h": 123.25,
		"records": []map[string]any{{"b": "<", "a": []string{"x"}}, nil, {}}, "no_records": []map[string]any(nil),
		"no_strings": []string(nil), "empty": []string{}, "escaped": []string{"\u2028\"\n"}}
	for _, html := range []bool{false, true} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(html)
		if err := enc.Encode(mixed); err != nil {
			t.Fatal(err)
		}
		got, err := Append(nil, mixed, html)
		if err != nil || string(got) != strings.TrimSuffix(buf.String(), "\n") {
			t.Fatalf("mixed: %s, %v; want %s", got, err, buf.String())
		}
	}
}

func FuzzAppendMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(sameEncoding)
}

func TestDecodeObject(t *testing.T) {
	if m, err := DecodeObject([]byte(`null`)); err != nil || m != nil {
		t.Fatalf("null: %v, %v", m, err)
	}
	if _, err := DecodeObject([]byte(`[1]`)); err == nil || !strings.Contains(err.Error(), "array") {
		t.Fatalf("array: %v", err)
	}
	m, err := DecodeObject(issueJSON(t))
	if err != nil || m["key"] != "DEMO-14" {
		t.Fatalf("issue: %v, %v", m["key"], err)
	}
}

func BenchmarkDecode(b *testing.B) {
	data := issueJSON(b)
	b.Run("jsontree", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var v any
			if err := json.Unmarshal(data, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkAppend(b *testing.B) {
	v, err := Decode(issueJSON(b))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("jsontree", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Append(nil, v, false); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestFields(t *testing.T) {
	got, err := Fields([]byte(` {"a": [1, {"b":2}] ,"c":"d\u0065", "a":null} `))
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{{"a", []byte(`[1, {"b":2}]`)}, {"c", []byte(`"d\u0065"`)}, {"a", []byte(`null`)}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q", got)
	}
	if f, err := Fields([]byte(`{}`)); err != nil || len(f) != 0 {
		t.Fatalf("{}: %v %v", f, err)
	}
	for _, bad := range []string{``, `[]`, `{"a":1`, `{"a":1,}`, `{"a" 1}`, `{"a":tru}`, `{"a":1} x`, `{1:2}`} {
		if _, err := Fields([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// sameFields checks Fields against encoding/json: it splits exactly the
// objects encoding/json reads as one, into the members it reads.
func sameFields(t *testing.T, data []byte) {
	var want map[string]json.RawMessage
	wantErr := json.Unmarshal(data, &want)
	if wantErr == nil && want == nil {
		wantErr = errEnd // null: not an object
	}
	got, err := Fields(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: Fields error %v, encoding/json error %v", data, err, wantErr)
	}
	if err != nil {
		return
	}
	m := map[string]json.RawMessage{}
	for _, f := range got {
		m[f.Key] = f.Value
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("%q: Fields %q, encoding/json %q", data, m, want)
	}
}

func FuzzFieldsMatchesEncodingJSON(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"a":1e400,"b":"\ud800","c":[{"d":"\u00e9"}],"e":tru}`))
	f.Add([]byte(`{"a":1e400,"b":"\ud800","c":[{"d":"\u00e9"}]}`))
	f.Fuzz(sameFields)
}

// TestCachedValuesOwnTheirBytes: a short string value kept in the value
// cache is a copy, so the cache never holds on to a whole answer (decoded
// strings are slices of one copy of it).
func TestCachedValuesOwnTheirBytes(t *testing.T) {
	answer := strings.Repeat("x", 1000) + "tableCellY" + strings.Repeat("x", 1000)
	start := uintptr(unsafe.Pointer(unsafe.StringData(answer)))
	for range 2 { // stored, then found
		s, ok := internValue(answer[1000:1010]).(string)
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if !ok || s != "tableCellY" || p >= start && p < start+uintptr(len(answer)) {
			t.Fatalf("value %q shares the answer's memory", s)
		}
	}
}

// TestConcurrentDecodes: the shared caches and recycled stacks give every
// concurrent decoder what encoding/json gives (run with -race).
func TestConcurrentDecodes(t *testing.T) {
	data := issueJSON(t)
	var want any
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 20 {
				got, err := Decode(data)
				if err != nil || !reflect.DeepEqual(got, want) {
					t.Errorf("concurrent Decode differs from encoding/json (err %v)", err)
					return
				}
			}
		})
	}
	wg.Wait()
}
