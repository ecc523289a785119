// Package clock answers "what time is it in zone X". It knows nothing about HTTP.
package clock

import (
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"
)

// DefaultZone is used when no zone is requested.
const DefaultZone = "Asia/Tokyo"

// ErrUnknownZone is wrapped by every error about a zone name that is malformed
// or not in the time zone database.
var ErrUnknownZone = errors.New("unknown time zone")

// Reading is the time at one instant in one zone.
type Reading struct {
	// Zone is the IANA name, e.g. "Asia/Tokyo".
	Zone string `json:"zone"`
	// Time is the local time in RFC 3339 format.
	Time string `json:"time"`
	// Offset is the UTC offset, e.g. "+09:00".
	Offset string `json:"offset"`
	// Unix is the instant in seconds since the Unix epoch.
	Unix int64 `json:"unix"`
}

// zoneName accepts "UTC" and IANA-style Area/Location[/Sublocation] names.
// It rejects "Local", "" (both would expose the host's zone), paths and
// anything else time.LoadLocation might read from disk.
var zoneName = regexp.MustCompile(`^(UTC|[A-Z][A-Za-z]+(/[A-Za-z0-9][A-Za-z0-9_+-]*){1,2})$`)

// locations caches loaded zones: parsing tzdata on every request is wasteful,
// and only names accepted by time.LoadLocation are stored, so it stays small.
var locations sync.Map // string -> *time.Location

// Now returns the reading of now in zone (DefaultZone when empty).
func Now(now time.Time, zone string) (Reading, error) {
	if zone == "" {
		zone = DefaultZone
	}
	loc, err := Location(zone)
	if err != nil {
		return Reading{}, err
	}
	t := now.In(loc)
	return Reading{
		Zone:   zone,
		Time:   t.Format(time.RFC3339),
		Offset: t.Format("-07:00"),
		Unix:   t.Unix(),
	}, nil
}

// Location loads a zone by name, with the same validation as Now.
func Location(zone string) (*time.Location, error) {
	if len(zone) > 64 || !zoneName.MatchString(zone) {
		return nil, fmt.Errorf("%w: %q", ErrUnknownZone, zone)
	}
	if loc, ok := locations.Load(zone); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("%w: %q: %w", ErrUnknownZone, zone, err)
	}
	locations.Store(zone, loc)
	return loc, nil
}
