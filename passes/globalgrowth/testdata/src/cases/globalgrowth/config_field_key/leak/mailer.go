// LEAK: compiled templates are cached under the raw locale string passed
// with every mail (from the recipient's profile or Accept-Language), not the
// language they are parsed for, and nothing evicts entries: every distinct
// spelling ("en-GB", "en-gb;q=0.9", ...) adds one more template set for good.
package leak

import (
	"io"
	"strings"
	"sync"
	"text/template"
)

var (
	mu    sync.Mutex
	byLoc = map[string]*template.Template{} // want `package-level map "byLoc" grows without bound: \(\*Mailer\)\.templates adds entries and nothing deletes them, keyed by locale, from parameter locale of exported method \(\*Mailer\)\.Welcome`
)

type Mailer struct {
	dir string
}

func NewMailer(templateDir string) *Mailer { return &Mailer{dir: templateDir} }

func (m *Mailer) templates(locale string) *template.Template {
	mu.Lock()
	defer mu.Unlock()
	t, ok := byLoc[locale]
	if !ok {
		lang, _, _ := strings.Cut(strings.ToLower(locale), "-")
		t = template.Must(template.ParseGlob(m.dir + "/" + lang + "/*.tmpl"))
		byLoc[locale] = t
	}
	return t
}

// Welcome renders the welcome mail for one new user.
func (m *Mailer) Welcome(w io.Writer, user, locale string) error { // want Welcome:"grows map cases/globalgrowth/config_field_key/leak.byLoc keyed by param 3"
	return m.templates(locale).ExecuteTemplate(w, "welcome.tmpl", user)
}
