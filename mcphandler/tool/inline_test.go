package tool

import "testing"

func TestImageType(t *testing.T) {
	for _, tc := range []struct {
		mediaType, filename, want string
		ok                        bool
	}{
		{"image/png", "a.bin", "image/png", true},
		{"IMAGE/PNG; charset=binary", "a", "image/png", true},
		{"image/jpg", "a.jpg", "image/jpeg", true},
		{"application/octet-stream", "scan.BMP", "image/bmp", true},
		{"", "photo.jpeg", "image/jpeg", true},
		{"multipart/form-data", "logo.svg", "image/svg+xml", true},
		{"application/octet-stream", "notes.txt", "", false},
		{"text/plain", "looks.png", "", false}, // an announced non-image type wins
		{"image/tiff", "a.tiff", "", false},
	} {
		got, ok := ImageType(tc.mediaType, tc.filename)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ImageType(%q, %q) = %q, %v; want %q, %v", tc.mediaType, tc.filename, got, ok, tc.want, tc.ok)
		}
	}
}
