// Package smallfs gives tests a real, size-limited filesystem: a tmpfs
// mounted on a temporary directory, so a test can fill the disk and then
// give the space back. Mounting needs root (CI runs as root); elsewhere the
// test is skipped, saying why.
package smallfs

import (
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// FS is a mounted tmpfs.
type FS struct {
	Dir string
	t   testing.TB
}

// Mount mounts a tmpfs of size bytes on a new temporary directory and
// unmounts it when the test ends. It skips the test when mounting is not
// permitted (not Linux, not root, or no mount privilege in the container).
func Mount(t testing.TB, size int64) *FS {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("smallfs: tmpfs mounts need Linux")
	}
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0755", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("smallfs: cannot mount a tmpfs here (needs root and mount privilege): %v %s", err, strings.TrimSpace(string(out)))
	}
	fs := &FS{Dir: dir, t: t}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("smallfs: umount %s: %v %s", dir, err, out)
		}
	})
	return fs
}

// Resize changes the filesystem's size, keeping its files: a larger size
// is the disk getting space back.
func (fs *FS) Resize(size int64) {
	fs.t.Helper()
	out, err := exec.Command("mount", "-o", fmt.Sprintf("remount,size=%d", size), fs.Dir).CombinedOutput()
	if err != nil {
		fs.t.Fatalf("smallfs: resize %s: %v %s", fs.Dir, err, out)
	}
}
