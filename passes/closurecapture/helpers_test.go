package closurecapture

import "testing"

func TestLowerInitial(t *testing.T) {
	for in, want := range map[string]string{"Title": "title", "ID": "id", "URLPath": "urlPath", "x": "x", "HTTPServer": "httpServer"} {
		if got := lowerInitial(in); got != want {
			t.Errorf("lowerInitial(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLocalNames(t *testing.T) {
	cases := []struct {
		v, text, kind string
		want          []string
	}{
		{"data", "len(data)", "len", []string{"dataLen"}},
		{"buf", "cap(buf)", "cap", []string{"bufCap"}},
		{"rep", "len(rep.Rows)", "len", []string{"rowsLen", "repRowsLen"}},
		{"doc", "doc.Title", "field", []string{"title", "docTitle"}},
		{"b", "b.Type", "field", []string{"bType"}}, // "type" is a keyword
	}
	for _, c := range cases {
		got := localNames(c.v, c.text, c.kind)
		if len(got) != len(c.want) {
			t.Errorf("localNames(%q, %q) = %q, want %q", c.v, c.text, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("localNames(%q, %q) = %q, want %q", c.v, c.text, got, c.want)
			}
		}
	}
}
