package demo_test

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/govwire/govwire/demo"
)

func ExampleStart() {
	ctx := context.Background()
	srv, err := demo.Start(ctx, demo.Options{Now: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	for _, src := range srv.Sources() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, src.URL, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(src.Name, resp.StatusCode)
	}
	// Output:
	// Federal Cloud Ledger 200
	// Capitol Procurement Wire 200
	// Sovereign Cloud Monitor 200
	// Beltway Bytes 200
	// GovTech Tribune 500
}
