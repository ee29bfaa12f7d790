package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"ClaimDelivery", testClaimDelivery},
	)
}

func testClaimDelivery(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	key := govwire.Delivery{Digest: "daily", Date: "2026-11-25", Channel: "file:/tmp (md)"}
	claim := key
	claim.Status, claim.Attempts, claim.UpdatedAt = govwire.DeliveryPending, 1, time.Unix(1000, 0)

	won, err := db.ClaimDelivery(ctx, govwire.Delivery{}, claim)
	if err != nil || !won {
		t.Fatalf("first claim of a new record: won %v, err %v", won, err)
	}
	if won, err := db.ClaimDelivery(ctx, govwire.Delivery{}, claim); err != nil || won {
		t.Fatalf("second insert-claim won %v (err %v): the record exists", won, err)
	}
	stored, err := db.Delivery(ctx, key.Digest, key.Date, key.Channel)
	if err != nil {
		t.Fatal(err)
	}
	next := stored
	next.Status, next.Attempts, next.UpdatedAt = govwire.DeliverySent, 1, time.Unix(2000, 0)
	if won, err := db.ClaimDelivery(ctx, stored, next); err != nil || !won {
		t.Fatalf("claim against the current record: won %v, err %v", won, err)
	}
	stale := next
	stale.Status = govwire.DeliveryPending
	if won, err := db.ClaimDelivery(ctx, stored, stale); err != nil || won {
		t.Fatalf("claim against a stale record won %v (err %v)", won, err)
	}
	got, err := db.Delivery(ctx, key.Digest, key.Date, key.Channel)
	if err != nil || got.Status != govwire.DeliverySent {
		t.Fatalf("record after claims: %+v, %v", got, err)
	}
	if _, err := db.ClaimDelivery(ctx, stored, govwire.Delivery{Digest: "d"}); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("invalid claim: %v", err)
	}
}
