package analyzers

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/analysisdoc"
)

// categoryLit matches the string literals a pass builds categories from:
// "orphaned-sender", or a prefix such as "unstopped-" completed at run time.
var categoryLit = regexp.MustCompile(`^[a-z]+(-[a-z]+)+$|^[a-z]+(-[a-z]+)*-$`)

// TestCategoriesDocumented checks that every category a pass's source can
// produce is listed in its doc.go's "# Categories" section, and that every
// listed category is produced somewhere.
func TestCategoriesDocumented(t *testing.T) {
	t.Parallel()
	for _, a := range All {
		documented := analysisdoc.Categories(a.Doc)
		if len(documented) == 0 {
			t.Errorf("%s: doc.go lists no categories", a.Name)
			continue
		}
		used := make(map[string]bool)
		files, err := filepath.Glob(filepath.Join("..", "passes", a.Name, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no sources (%v)", a.Name, err)
		}
		fset := token.NewFileSet()
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "doc.go" {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				s, err := strconv.Unquote(lit.Value)
				if err != nil || !categoryLit.MatchString(s) {
					return true
				}
				used[s] = true
				ok = slices.ContainsFunc(documented, func(d string) bool {
					return d == s || strings.HasSuffix(s, "-") && strings.HasPrefix(d, s)
				})
				if !ok {
					t.Errorf("%s: category %q (%s) is not listed in doc.go's # Categories", a.Name, s, fset.Position(lit.Pos()))
				}
				return true
			})
		}
		for _, d := range documented {
			if d == "directive" {
				continue // reported by internal/suppress
			}
			produced := used[d]
			for u := range used {
				produced = produced || strings.HasSuffix(u, "-") && strings.HasPrefix(d, u)
			}
			if !produced {
				t.Errorf("%s: doc.go lists category %q, which the pass never produces", a.Name, d)
			}
		}
	}
}
