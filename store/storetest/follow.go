package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(test{"ChangesFollowedUnderConcurrentWriters", testChangesFollowedUnderConcurrentWriters})
}

// testChangesFollowedUnderConcurrentWriters runs several writers at once
// (new articles, rewrites and reclassifications) while a follower reads
// ChangesSince from its last sequence number, as an index does. The
// follower must end up having seen every article's final version: a
// sequence number that became visible after a higher one would be skipped
// for good, which is what this catches.
func testChangesFollowedUnderConcurrentWriters(t *testing.T, open Opener) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := open(t, Options{})
	const writers, perWriter = 4, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				n := w*perWriter + i
				a := article(n, fmt.Sprintf("src%d", w))
				if _, err := db.SaveArticle(ctx, a); err != nil {
					errs <- err
					return
				}
				if i%3 == 0 { // a rewrite moves the article to a new seq
					b := article(n, fmt.Sprintf("src%d", w))
					b.Text, b.ContentHash = "Rewritten. "+b.Text, fmt.Sprintf("hash-%d-v2", n)
					if _, err := db.SaveArticle(ctx, b); err != nil {
						errs <- err
						return
					}
				}
				if i%4 == 0 {
					if _, err := db.SaveClassification(ctx, a.ID, govwire.Classification{Ruleset: "rs-follow"}); err != nil {
						errs <- err
						return
					}
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	seen := map[string]int64{} // id -> highest seq seen
	var last int64
	follow := func() {
		for {
			page, err := db.ChangesSince(ctx, last, 7)
			if err != nil {
				t.Fatalf("changes since %d: %v", last, err)
			}
			for _, a := range page {
				if a.Seq <= last {
					t.Fatalf("change %s has seq %d, not above %d", a.ID, a.Seq, last)
				}
				seen[a.ID], last = a.Seq, a.Seq
			}
			if len(page) < 7 {
				return
			}
		}
	}
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			follow()
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	follow() // the writers are done: the follower catches up with the rest
	n := 0
	err := db.ScanArticles(ctx, govwire.ArticleFilter{NoText: true}, func(a *govwire.Article) error {
		n++
		if seen[a.ID] != a.Seq {
			return fmt.Errorf("article %s: stored seq %d, follower's last view of it %d (a change was skipped)", a.ID, a.Seq, seen[a.ID])
		}
		return nil
	})
	if err != nil {
		t.Error(err)
	}
	if n != writers*perWriter {
		t.Errorf("%d articles stored, want %d", n, writers*perWriter)
	}
	if ls, _ := db.LastSeq(ctx); ls != last {
		t.Errorf("last seq %d, follower ended at %d", ls, last)
	}
}
