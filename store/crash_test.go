package store

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

// The crash test re-executes the test binary as a child that saves articles
// and reports each committed save on stdout; the parent SIGKILLs it at a
// random point and checks what the file holds.
const (
	crashEnvDB   = "GOVWIRE_STORE_CRASH_DB"
	crashEnvMode = "GOVWIRE_STORE_CRASH_MODE" // "loop" or "once"
	crashN       = 40                         // articles per version
)

func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnvDB); path != "" {
		if err := crashChild(path, os.Getenv(crashEnvMode) == "once"); err != nil {
			fmt.Fprintln(os.Stderr, "crash child:", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashArticle is version v of article i.
func crashArticle(i, v int) *govwire.Article {
	a := article(i, "crash")
	a.Text = fmt.Sprintf("version %d. %s", v, a.Text)
	a.ContentHash = fmt.Sprintf("crash-%d-%d", i, v)
	return a
}

// crashChild saves version 1, 2, 3... of crashN articles, printing
// "i v" after each commit; once stops after version 1.
func crashChild(path string, once bool) error {
	ctx := context.Background()
	db, err := Open(ctx, path, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	for v := 1; ; v++ {
		for i := range crashN {
			if _, err := db.SaveArticle(ctx, crashArticle(i, v)); err != nil {
				return err
			}
			fmt.Printf("%d %d\n", i, v)
		}
		if once {
			return nil
		}
	}
}

// runCrashChild starts the child, kills it after it reports `after` commits
// plus a random pause, and returns the highest version reported per article.
func runCrashChild(t *testing.T, path string, after int, rng *rand.Rand) map[int]int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvMode+"=loop")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reported := map[int]int{}
	sc := bufio.NewScanner(out)
	for n := 0; n < after && sc.Scan(); n++ {
		f := strings.Fields(sc.Text())
		i, _ := strconv.Atoi(f[0])
		v, _ := strconv.Atoi(f[1])
		reported[i] = v
	}
	time.Sleep(time.Duration(rng.IntN(3000)) * time.Microsecond) // land inside a transaction, sometimes
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() { // commits reported between our last read and the kill
		f := strings.Fields(sc.Text())
		i, _ := strconv.Atoi(f[0])
		v, _ := strconv.Atoi(f[1])
		reported[i] = v
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("child was not killed (%v): it failed on its own", err)
	}
	return reported
}

func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	for round := range 4 {
		after := 1 + rng.IntN(2*crashN)
		reported := runCrashChild(t, path, after, rng)
		t.Run(fmt.Sprintf("kill %d after %d commits", round, after), func(t *testing.T) {
			checkCrashDB(t, path, reported)
		})
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnvDB+"="+path, crashEnvMode+"=once")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("final run: %v\n%.500s", err, out)
	}
	db, err := Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := db.CountArticles(context.Background(), govwire.ArticleFilter{}); err != nil || n != crashN {
		t.Errorf("after the rerun: %d articles, %v; want %d", n, err, crashN)
	}
}

// checkCrashDB reopens the file and checks its integrity, that no canonical
// URL appears twice and that every reported commit survived.
func checkCrashDB(t *testing.T, path string, reported map[int]int) {
	ctx := context.Background()
	db, err := Open(ctx, path, nil)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer db.Close()
	var ok string
	if err := db.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check = %q, %v", ok, err)
	}
	var dups, orphans int
	db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT canonical_url FROM articles
		GROUP BY canonical_url HAVING COUNT(*) > 1)`).Scan(&dups)
	db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM fingerprint_bands WHERE article_id NOT IN
		(SELECT id FROM articles)) + (SELECT COUNT(*) FROM article_labels WHERE article_id NOT IN
		(SELECT id FROM articles))`).Scan(&orphans)
	// A save is all or nothing: each article has all its bands and labels.
	var partial int
	db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a
		WHERE (SELECT COUNT(*) FROM fingerprint_bands b WHERE b.article_id = a.id) <> ?
		OR (SELECT COUNT(*) FROM article_labels l WHERE l.article_id = a.id) <> COALESCE(json_array_length(a.labels), 0)`,
		govwire.FingerprintSize/govwire.FingerprintRows).Scan(&partial)
	if dups != 0 || orphans != 0 || partial != 0 {
		t.Errorf("%d duplicated canonical urls, %d orphan rows, %d half-saved articles", dups, orphans, partial)
	}
	for i, v := range reported {
		a, err := db.Article(ctx, govwire.ArticleID(crashArticle(i, v).CanonicalURL))
		if err != nil {
			t.Errorf("article %d (version %d reported committed): %v", i, v, err)
			continue
		}
		var got int
		fmt.Sscanf(a.ContentHash, "crash-%d-%d", new(int), &got)
		if got < v {
			t.Errorf("article %d holds version %d, want at least the committed %d", i, got, v)
		}
	}
}
