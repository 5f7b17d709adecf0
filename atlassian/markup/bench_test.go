package markup

import (
	"strconv"
	"strings"
	"testing"
)

// benchmarkIssue is a realistic ~5 KB Jira issue description.
func benchmarkIssue() string {
	return `## Summary

Checkout fails intermittently for customers paying with **saved cards** when the *payment gateway* is slow.
The error started after the release of ` + "`checkout-service v2.14.0`" + ` on 2024-05-02; see [the incident report](https://status.example.com/incidents/4821)
and the dashboard at https://grafana.example.com/d/checkout?orgId=1&from=now-7d.

Reported by @[Maria Keller](accountid:5b10ac8d82e05b22cc7d4ef5), triaged by [~accountid:557058:f58131cb-b67d-43c7-b30d-6b58d40bd077].

> [!WARNING]
> Roughly **3%** of checkouts are affected during peak hours. Do not roll back the database migration, it is not reversible.

## Steps to reproduce

1. Log in as a customer with at least one saved card.
2. Add any item to the cart and open the checkout page.
3. Select the saved card and click **Pay now**.
   - If the gateway answers within 2 s, the payment succeeds.
   - If it takes longer, the page shows *"Something went wrong"*:
     1. the order stays in state ` + "`PENDING`" + `;
     2. the card is **charged anyway**.
4. Reload the page: the order is still pending.

## Expected vs actual

| Case | Expected | Actual |
| --- | --- | --- |
| Fast gateway (< 2 s) | Order confirmed | Order confirmed |
| Slow gateway (> 2 s) | Order confirmed after retry | Error page, order ` + "`PENDING`" + ` |
| Gateway timeout | Clear error, no charge | Error page, card charged |

## Analysis

The client library retries the authorisation call, but the retry uses a new idempotency key:

` + "```go" + `
func (c *Client) Authorize(ctx context.Context, req AuthRequest) (*AuthResponse, error) {
	for attempt := 0; attempt < c.maxAttempts; attempt++ {
		req.IdempotencyKey = uuid.NewString() // BUG: must stay the same across attempts
		resp, err := c.do(ctx, req)
		if err == nil {
			return resp, nil
		}
		if !isRetryable(err) {
			return nil, err
		}
	}
	return nil, ErrGatewayTimeout
}
` + "```" + `

Logs from the payment pod show the duplicate authorisations:

` + "```" + `
2024-05-03T10:15:02Z INFO  authorize order=98123 key=7f3c... status=timeout
2024-05-03T10:15:04Z INFO  authorize order=98123 key=a91e... status=approved
2024-05-03T10:15:04Z WARN  order 98123 already has a pending authorisation
` + "```" + `

Related: [PAY-1432](https://jira.example.com/browse/PAY-1432), [PAY-1501](https://jira.example.com/browse/PAY-1501).

## Plan

- [x] Reproduce on staging with an artificial 3 s gateway delay
- [x] Confirm the idempotency key changes between attempts
- [ ] Keep the key stable across retries
  - [ ] Add a regression test with a fake slow gateway
- [ ] Refund the double charges (list attached in ` + "`refunds.csv`" + `)
- [ ] Post-mortem with the payments team

> [!NOTE]
> The fix must be deployed before the **summer sale** on 2024-06-01. Coordinate with @[Tom Becker](accountid:712020:0a1b2c3d-4e5f-6789-abcd-ef0123456789) for the release window.

## Acceptance criteria

1. A slow gateway (up to **10 s**) never produces a second authorisation for the same order.
2. Retries reuse the idempotency key of the first attempt; the key is stored with the order so that a *restarted* pod
   continues with the same key.
3. The checkout page shows a clear message when the gateway times out:
   - "Your payment is being processed" while the authorisation is pending;
   - "Payment failed, you have not been charged" only after the gateway confirmed the failure.
4. Metrics ` + "`checkout_authorise_retries_total`" + ` and ` + "`checkout_duplicate_authorisations_total`" + ` are exported and alert
   when the duplicate rate exceeds 0.1% over 15 minutes.

## Impact

| Week | Affected orders | Double charges | Refunded |
| --- | --- | --- | --- |
| 2024-W18 | 1,204 | 311 | 311 |
| 2024-W19 | 1,876 | 402 | 150 |
| 2024-W20 | 2,031 | 455 | 0 |

Customer support received **214 tickets** so far; the macro ` + "`CS-REFUND-DOUBLE`" + ` explains the refund process.
Finance asked to be notified before any bulk refund (see [FIN-88](https://jira.example.com/browse/FIN-88)).

## Rollout

1. Merge the fix behind the feature flag ` + "`checkout.stableIdempotencyKey`" + `.
2. Enable it for 5% of traffic in *eu-west-1* and watch the dashboards for one hour.
3. Ramp up to 50%, then 100% if the duplicate rate stays at zero.
4. Remove the flag in the next release.

If anything looks wrong, turn the flag off; no data migration is involved, so rolling back is safe.

---

### Environment

- Service: ` + "`checkout-service`" + ` ~~v2.13.4~~ v2.14.0
- Region: *eu-west-1*, *us-east-1*
- Browser: all (server-side issue)

<details>
<summary>Raw gateway response</summary>

` + "```json" + `
{"status": "timeout", "code": 504, "retryable": true, "message": "upstream did not answer in 2000ms"}
` + "```" + `

</details>

Thanks to _everyone_ who helped with the investigation! Questions go to the #payments channel or to payments-team@example.com.
`
}

func BenchmarkMarkdownToADF(b *testing.B) {
	md := benchmarkIssue()
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		_ = MarkdownToADF(md)
	}
}

func BenchmarkADFToMarkdown(b *testing.B) {
	md := benchmarkIssue()
	doc := MarkdownToADF(md)
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		_ = ADFToMarkdown(doc)
	}
}

func BenchmarkMarkdownToWiki(b *testing.B) {
	md := benchmarkIssue()
	b.SetBytes(int64(len(md)))
	b.ReportAllocs()
	for b.Loop() {
		_ = MarkdownToWiki(md)
	}
}

func BenchmarkWikiToMarkdown(b *testing.B) {
	wiki := MarkdownToWiki(benchmarkIssue())
	b.SetBytes(int64(len(wiki)))
	b.ReportAllocs()
	for b.Loop() {
		_ = WikiToMarkdown(wiki)
	}
}

func BenchmarkADFJSON(b *testing.B) {
	doc := MarkdownToADF(benchmarkIssue())
	b.ReportAllocs()
	for b.Loop() {
		_, _ = doc.MarshalJSON()
	}
}

func TestBenchmarkIssueConverts(t *testing.T) {
	md := benchmarkIssue()
	if n := len(md); n < 4500 || n > 6000 {
		t.Errorf("benchmark issue is %d bytes, want about 5 KB", n)
	}
	doc := MarkdownToADF(md)
	if err := validateADF(doc); err != nil {
		t.Fatal(err)
	}
	out := ADFToMarkdown(doc)
	for _, want := range []string{"## Steps to reproduce", "     1. the order stays", "| Slow gateway (> 2 s) |", "```go", "- [x] Reproduce",
		"  - [ ] Add a regression", "> [!NOTE]", "@[Tom Becker](accountid:", "<summary>Raw gateway response</summary>"} {
		if !strings.Contains(out, want) {
			t.Errorf("Markdown output lacks %q", want)
		}
	}
	if again := mustJSON(MarkdownToADF(out)); again != mustJSON(doc) {
		t.Error("benchmark issue is not stable through ADF → Markdown → ADF")
	}
	wiki := MarkdownToWiki(md)
	for _, want := range []string{"h2. Steps to reproduce", "#* If the gateway", "#*# the order stays", "||Case||Expected||Actual||", "{code:go}", "* [x] Reproduce", "{note}", "{warning}"} {
		if !strings.Contains(wiki, want) {
			t.Errorf("wiki output lacks %q", want)
		}
	}
}

// BenchmarkHostileLinkOpeners documents goldmark's quadratic link parsing
// on an unbroken run of "[a](": compare ns/op at 2000 and 8000 openers.
// Tool inputs are bounded in size (mcphandler) so this stays harmless.
func BenchmarkHostileLinkOpeners(b *testing.B) {
	for _, n := range []int{2000, 8000} {
		md := strings.Repeat("[a](", n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				MarkdownToADF(md)
			}
		})
	}
}
