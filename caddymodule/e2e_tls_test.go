package caddymodule_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/sandbox"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/internal/contract"
)

// TestSelfSignedServer: a Server/DC site with a self-signed certificate
// fails with a clear tool error unless verification is skipped
// (tls_insecure_skip_verify, JIRA_SSL_VERIFY=false) or its certificate is
// trusted (tls_trust_pool file).
func TestSelfSignedServer(t *testing.T) {
	u := startUpstream(t, atlassian.Server, true)
	caFile := filepath.Join(t.TempDir(), "upstream.pem")
	writePEM(t, caFile, "CERTIFICATE", u.Certificate().Raw)

	for _, tc := range []struct {
		name, tls string
		env       map[string]string
		ok        bool
	}{
		{name: "strict", ok: false},
		{name: "insecure skip verify", tls: "tls_insecure_skip_verify", ok: true},
		{name: "trust pool", tls: "tls_trust_pool file " + caFile, ok: true},
		{name: "JIRA_SSL_VERIFY=false", env: map[string]string{"JIRA_SSL_VERIFY": "false"}, ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			endpoint := startMCP(t, fmt.Sprintf(`		allow_global_credentials true
		jira %s {
			personal_token alice-pat
			%s
		}`, u.URL, tc.tls))
			cs := connect(t, endpoint, nil)
			if tc.ok {
				got := mustCall(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}).obj(t)
				if got["key"] != "DEMO-1" {
					t.Errorf("get_issue = %v", got)
				}
				return
			}
			mustFail(t, cs, "jira_get_issue", map[string]any{"issue_key": "DEMO-1"}, "certificate", "tls_trust_pool", "JIRA_SSL_VERIFY=false")
		})
	}
}

// TestClientCertificateAuth: a Server/DC site that authenticates by TLS
// client certificate alone, with no Authorization header.
func TestClientCertificateAuth(t *testing.T) {
	dir := t.TempDir()
	caCert, caKey := newCA(t)
	certFile, keyFile := filepath.Join(dir, "alice.pem"), filepath.Join(dir, "alice-key.pem")
	issueClientCert(t, caCert, caKey, "alice", certFile, keyFile)

	sb := sandbox.New(sandbox.Options{Deployment: atlassian.Server})
	var rec http.Handler = sb
	if v := contract.Optional(t); v != nil {
		recorder := v.Middleware(sb, atlassian.Server)
		t.Cleanup(func() { recorder.Check(t) })
		rec = recorder
	}
	// Record whether requests that carry their own credentials present the
	// server's certificate: they must not.
	var mu sync.Mutex
	var leaked []string
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" && len(r.TLS.PeerCertificates) > 0 {
			mu.Lock()
			leaked = append(leaked, r.Method+" "+r.URL.Path)
			mu.Unlock()
		}
		rec.ServeHTTP(w, r)
	}))
	pool := x509.NewCertPool()
	pool.AddCert(caCert)
	srv.TLS = &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven, ClientCAs: pool}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	serverCA := filepath.Join(dir, "server.pem")
	writePEM(t, serverCA, "CERTIFICATE", srv.Certificate().Raw)

	endpoint := startMCP(t, fmt.Sprintf(`		allow_global_credentials true
		jira %s {
			tls_client_auth %s %s
			tls_trust_pool file %s
		}`, srv.URL, certFile, keyFile, serverCA))
	cs := connect(t, endpoint, nil)
	got := mustCall(t, cs, "jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": "signed in by certificate"}).obj(t)
	if dig(got, "author", "display_name") != "Alice Example" {
		t.Errorf("author = %v, want Alice (from the certificate)", dig(got, "author"))
	}

	// A request with its own credentials is bob, and the server's
	// certificate (alice) is not presented with them.
	bob := connect(t, endpoint, http.Header{"Authorization": {"Token bob-pat"}})
	got = mustCall(t, bob, "jira_add_comment", map[string]any{"issue_key": "DEMO-1", "body": "bob's own"}).obj(t)
	if dig(got, "author", "display_name") != "Bob Builder" {
		t.Errorf("author = %v, want Bob", dig(got, "author"))
	}
	mu.Lock()
	defer mu.Unlock()
	if len(leaked) > 0 {
		t.Errorf("the server's client certificate went along with a user's credentials: %v", leaked)
	}
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

func newCA(t *testing.T) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return cert, key
}

func issueClientCert(t *testing.T, ca *x509.Certificate, caKey *ecdsa.PrivateKey, cn, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, certFile, "CERTIFICATE", der)
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	writePEM(t, keyFile, "EC PRIVATE KEY", keyDER)
}
