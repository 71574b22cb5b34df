package closurecapture

import "testing"

func TestLowerInitial(t *testing.T) {
	for in, want := range map[string]string{"Title": "title", "ID": "id", "URLPath": "urlPath", "x": "x", "HTTPServer": "httpServer"} {
		if got := lowerInitial(in); got != want {
			t.Errorf("lowerInitial(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHuman(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 65536: "64 KiB", 1 << 20: "1 MiB", 1<<20 + 1<<10: "1025 KiB", 1 << 30: "1 GiB"} {
		if got := human(n); got != want {
			t.Errorf("human(%d) = %q, want %q", n, got, want)
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
