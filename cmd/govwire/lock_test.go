package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDemoLeavesUserFolderAlone: demo --data-dir on a folder it did not
// make is refused and the folder keeps every file (it used to be emptied).
func TestDemoLeavesUserFolderAlone(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"important.txt": "keep me", "sub/notes.md": "and me"}
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0", "--data-dir", dir)
	if code != 2 || !strings.Contains(errs, "not made by govwire demo") {
		t.Errorf("demo on a user folder: exit %d, %.300q %.300q; want exit 2 and a refusal", code, out, errs)
	}
	for name, body := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(b) != body {
			t.Errorf("%s after demo: %q, %v; want it untouched", name, b, err)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("folder holds %d entries after demo, want the user's 2", len(ents))
	}
}

// TestDemoReusesItsFolder: a second demo on a folder the first made runs.
func TestDemoReusesItsFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("two demo runs in -short mode")
	}
	data := filepath.Join(t.TempDir(), "data")
	for i := range 2 {
		code, out, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0", "--data-dir", data)
		if code != 0 || !strings.Contains(out, "today's digest:") {
			t.Fatalf("demo run %d: exit %d %.300q %.300q", i+1, code, out, errs)
		}
	}
}

func TestDemoDataDirChoice(t *testing.T) {
	fresh, temporary, err := demoDataDir("")
	if err != nil || !temporary {
		t.Fatalf("no --data-dir: %q temporary=%v %v", fresh, temporary, err)
	}
	t.Cleanup(func() { os.RemoveAll(fresh) })
	if _, err := os.Stat(filepath.Join(fresh, demoMarker)); err != nil {
		t.Errorf("fresh demo dir %s lacks its marker: %v", fresh, err)
	}
	again, temporary, err := demoDataDir(fresh)
	if err != nil || again != fresh || temporary {
		t.Errorf("a demo-made folder is refused: %q %v", again, err)
	}
	empty := t.TempDir()
	if _, _, err := demoDataDir(empty); err != nil {
		t.Errorf("an empty folder is refused: %v", err)
	}
	newDir := filepath.Join(t.TempDir(), "a", "b")
	if _, _, err := demoDataDir(newDir); err != nil {
		t.Errorf("a new folder is refused: %v", err)
	}
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, _, err := demoDataDir(file); err == nil {
		t.Errorf("a file is accepted as the demo's folder")
	}
}

// TestDemoRemovesItsTemporaryFolder: a demo without --data-dir leaves
// nothing behind in the temporary directory, and says so.
func TestDemoRemovesItsTemporaryFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("demo run in -short mode")
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, errs := runCLI(t, "demo", "--once", "--listen", "127.0.0.1:0")
	if code != 0 || !strings.Contains(out, "temporary: removed when demo exits") {
		t.Fatalf("demo --once: exit %d %.300q %.300q", code, out, errs)
	}
	ents, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "govwire-demo-") {
			t.Errorf("demo left its temporary folder %s behind", e.Name())
		}
	}
}

// TestDataDirLock: a writer is refused while another holds the data dir,
// even after the holder note (or any file) is deleted; the error names the
// holder; a reader (export) still runs.
func TestDataDirLock(t *testing.T) {
	dir, cfg := storeDir(t, "sources:\n  - name: x\n    url: http://127.0.0.1:1/feed.xml\n")
	held, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	pid := "pid " + strconv.Itoa(os.Getpid())
	for _, args := range [][]string{{"ingest"}, {"reclassify"}, {"reindex"}, {"digest", "--deliver"}} {
		code, out, errs := runCLI(t, append([]string{"--config", cfg}, args...)...)
		if code == 0 || !strings.Contains(errs, "in use by "+pid) || !strings.Contains(errs, "stop that process") {
			t.Errorf("%v while locked: exit %d %q %q; want a refusal naming %s", args, code, out, errs, pid)
		}
	}
	// Deleting every file in the data dir does not free the lock.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
	if _, err := lockDataDir(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("lock after deleting the data dir's files: %v; want still in use", err)
	}
	if code, out, errs := runCLI(t, "--config", cfg, "reclassify"); code == 0 {
		t.Errorf("reclassify after the files were deleted: exit 0 %q %q; want refused", out, errs)
	}
	held.Unlock()
	if code, out, errs := runCLI(t, "--config", cfg, "reclassify"); code != 0 {
		t.Errorf("reclassify after unlock: exit %d %q %q", code, out, errs)
	}
}

// TestReaderNotLocked: export runs while a writer holds the data dir.
func TestReaderNotLocked(t *testing.T) {
	dir, cfg := storeDir(t, "")
	held, err := lockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Unlock()
	out := filepath.Join(t.TempDir(), "c.jsonl")
	if code, o, errs := runCLI(t, "--config", cfg, "export", "--format", "jsonl", "--out", out); code != 0 {
		t.Errorf("export while locked: exit %d %q %q", code, o, errs)
	}
}

// storeDir makes a data dir holding an empty store, as a serve would have,
// and a config naming it (plus extra YAML); it returns both paths.
func storeDir(t *testing.T, extra string) (dir, cfg string) {
	t.Helper()
	dir = t.TempDir()
	cfg = filepath.Join(t.TempDir(), "govwire.yaml")
	if err := os.WriteFile(cfg, []byte("data_dir: "+dir+"\n"+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCLI(t, "--config", cfg, "reclassify"); code != 0 {
		t.Fatalf("reclassify: exit %d %s %s", code, out, errs)
	}
	return dir, cfg
}
