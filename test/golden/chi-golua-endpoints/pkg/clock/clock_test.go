package clock

import (
	"errors"
	"testing"
	"time"
)

// fixed is 2024-01-02 03:04:05 UTC: winter in the northern hemisphere.
var fixed = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func TestNowZones(t *testing.T) {
	tests := []struct {
		zone       string
		wantZone   string
		wantTime   string
		wantOffset string
	}{
		{"", "Asia/Tokyo", "2024-01-02T12:04:05+09:00", "+09:00"},
		{"Asia/Tokyo", "Asia/Tokyo", "2024-01-02T12:04:05+09:00", "+09:00"},
		{"America/New_York", "America/New_York", "2024-01-01T22:04:05-05:00", "-05:00"},
		{"America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires", "2024-01-02T00:04:05-03:00", "-03:00"},
		{"Asia/Kolkata", "Asia/Kolkata", "2024-01-02T08:34:05+05:30", "+05:30"},
		{"Etc/GMT-9", "Etc/GMT-9", "2024-01-02T12:04:05+09:00", "+09:00"},
		{"UTC", "UTC", "2024-01-02T03:04:05Z", "+00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.wantZone, func(t *testing.T) {
			got, err := Now(fixed, tt.zone)
			if err != nil {
				t.Fatalf("Now(%q): %v", tt.zone, err)
			}
			want := Reading{Zone: tt.wantZone, Time: tt.wantTime, Offset: tt.wantOffset, Unix: fixed.Unix()}
			if got != want {
				t.Errorf("Now(%q) = %+v, want %+v", tt.zone, got, want)
			}
		})
	}
}

func TestNowRejects(t *testing.T) {
	for _, zone := range []string{
		"Local",         // would expose the host zone
		"Not/AZone",     // well-formed, not in the database
		"Tokyo",         // no area
		"asia/tokyo",    // the database is case-sensitive on most systems
		"../etc/passwd", // path traversal
		"/etc/localtime",
		"Asia/Tokyo/",
		"Asia//Tokyo",
		"Asia/Tokyo\x00",
		"America/" + string(make([]byte, 80)),
	} {
		_, err := Now(fixed, zone)
		if !errors.Is(err, ErrUnknownZone) {
			t.Errorf("Now(%q) error = %v, want ErrUnknownZone", zone, err)
		}
	}
}

func TestLocationIsCached(t *testing.T) {
	a, err := Location("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Location("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Error("Location returned two different *time.Location for the same zone")
	}
}
