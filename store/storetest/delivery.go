package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/govwire/govwire"
)

func init() {
	register(
		test{"Delivery", testDelivery},
		test{"SaveDeliveryInvalid", testSaveDeliveryInvalid},
		test{"Deliveries", testDeliveries},
	)
}

func testDelivery(t *testing.T, open Opener) {
	ctx := context.Background()
	db := open(t, Options{})
	pending := govwire.Delivery{Digest: "daily", Date: "2026-11-02", Channel: "file", Status: govwire.DeliveryPending,
		Attempts: 1, UpdatedAt: t0}
	failed := pending
	failed.Status, failed.Attempts, failed.LastError = govwire.DeliveryFailed, 2, "smtp: 451"
	failed.NextAttempt, failed.UpdatedAt = t0.Add(10*time.Minute), t0.Add(time.Minute)
	sent := failed
	sent.Status, sent.LastError, sent.NextAttempt = govwire.DeliverySent, "", time.Time{}
	sent.SentAt, sent.UpdatedAt = t0.Add(11*time.Minute), t0.Add(11*time.Minute)
	for _, tc := range []struct {
		name string
		save govwire.Delivery
	}{
		{"pending", pending},
		{"failed", failed},
		{"sent", sent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := db.SaveDelivery(ctx, tc.save); err != nil {
				t.Fatal(err)
			}
			got, err := db.Delivery(ctx, "daily", "2026-11-02", "file")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.save) {
				t.Errorf("got  %+v\nwant %+v", got, tc.save)
			}
		})
	}
	if _, err := db.Delivery(ctx, "daily", "2026-11-03", "file"); govwire.ErrorCode(err) != govwire.ENOTFOUND {
		t.Errorf("missing delivery: %v", err)
	}
}

func testSaveDeliveryInvalid(t *testing.T, open Opener) {
	db := open(t, Options{})
	ok := govwire.Delivery{Digest: "d", Date: "2026-11-02", Channel: "file", Status: govwire.DeliverySent}
	for _, tc := range []struct {
		name   string
		change func(d *govwire.Delivery)
	}{
		{"no digest", func(d *govwire.Delivery) { d.Digest = "" }},
		{"no date", func(d *govwire.Delivery) { d.Date = "" }},
		{"no channel", func(d *govwire.Delivery) { d.Channel = "" }},
		{"bad status", func(d *govwire.Delivery) { d.Status = "done" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			tc.change(&d)
			if err := db.SaveDelivery(context.Background(), d); govwire.ErrorCode(err) != govwire.EINVALID {
				t.Errorf("err = %v, want invalid", err)
			}
		})
	}
}

func testDeliveries(t *testing.T, open Opener) {
	ctx := context.Background()
	clock := &fakeClock{t: t0}
	db := open(t, Options{Now: clock.now})
	for i := range 6 {
		clock.advance(time.Minute)
		d := govwire.Delivery{Digest: []string{"daily", "weekly"}[i%2], Date: fmt.Sprintf("2026-11-%02d", i+1),
			Channel: "file", Status: govwire.DeliverySent} // UpdatedAt from the clock
		if err := db.SaveDelivery(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		digest string
		limit  int
		want   []string
	}{
		{"", 10, []string{"2026-11-06", "2026-11-05", "2026-11-04", "2026-11-03", "2026-11-02", "2026-11-01"}},
		{"", 2, []string{"2026-11-06", "2026-11-05"}},
		{"daily", 10, []string{"2026-11-05", "2026-11-03", "2026-11-01"}},
		{"monthly", 10, nil},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.digest, tc.limit), func(t *testing.T) {
			got, err := db.Deliveries(ctx, tc.digest, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var dates []string
			for _, d := range got {
				dates = append(dates, d.Date)
				if d.UpdatedAt.IsZero() {
					t.Errorf("%s: UpdatedAt not set", d.Date)
				}
			}
			if !reflect.DeepEqual(dates, tc.want) {
				t.Errorf("dates %v, want %v", dates, tc.want)
			}
		})
	}
	if _, err := db.Deliveries(ctx, "", 0); govwire.ErrorCode(err) != govwire.EINVALID {
		t.Errorf("limit 0: %v", err)
	}
}
