package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// version and commit may be set at link time, for builds without module or
// VCS information (GOFLAGS=-buildvcs=false, a source tarball):
//
//	go build -ldflags "-X main.version=v1.2.0 -X main.commit=$(git rev-parse HEAD)" ./cmd/govwire
//
// They win over what the Go toolchain recorded in the binary.
var version, commit string

// versionInfo is what govwire version prints.
type versionInfo struct {
	Version    string `json:"version"`
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Modified   bool   `json:"modified,omitempty"`
	Go         string `json:"go"`
	Platform   string `json:"platform"`
}

// buildVersion combines the link-time values with the build information
// the toolchain embeds (module version; vcs.revision, vcs.time and
// vcs.modified unless built with -buildvcs=false).
func buildVersion(bi *debug.BuildInfo, ok bool, ldVersion, ldCommit string) versionInfo {
	v := versionInfo{Version: "(devel)", Go: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if ok && bi != nil {
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			v.Go = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.time":
				v.CommitTime = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	if ldVersion != "" {
		v.Version = ldVersion
	}
	if ldCommit != "" {
		v.Commit = ldCommit
	}
	return v
}

// String is the one-line form: govwire v1.2.0 (commit abc, 2026-12-01T10:00:00Z, modified) go1.26 linux/amd64.
func (v versionInfo) String() string {
	s := "govwire " + v.Version
	if v.Commit != "" {
		s += " (commit " + v.Commit
		if v.CommitTime != "" {
			s += ", " + v.CommitTime
		}
		if v.Modified {
			s += ", modified"
		}
		s += ")"
	}
	return s + " " + v.Go + " " + v.Platform
}

// newVersionCmd prints the module version and the VCS commit.
func newVersionCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:         "version",
		Short:       "print govwire's version and commit",
		Long:        "version prints the module version, the VCS commit it was built from (when recorded) and the Go version.",
		Args:        noArgs,
		Annotations: map[string]string{noConfig: "true"},
		RunE: e.runE(func(*cobra.Command, []string) error {
			bi, ok := debug.ReadBuildInfo()
			v := buildVersion(bi, ok, version, commit)
			if asJSON {
				return writeJSON(e, v)
			}
			_, err := fmt.Fprintln(e.stdout, v)
			return err
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the version as JSON")
	return cmd
}
