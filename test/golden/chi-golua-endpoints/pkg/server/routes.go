package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// routes binds the endpoints to a chi router: plain net/http handlers, no
// middleware stack, no redirects (chi never rewrites paths). The front door
// (server.go) logs, recovers panics and has already answered 404, 405, OPTIONS
// and HEAD, so chi only sees known routes; its own 404/405 answer a problem
// just in case.
func (s *Server) routes() http.Handler {
	r := chi.NewRouter()
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { writeReply(w, notFound(r.Context())) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { writeReply(w, notFound(r.Context())) })

	r.Get("/healthz", func(w http.ResponseWriter, _ *http.Request) { writeReply(w, s.healthz()) })
	r.Get("/readyz", func(w http.ResponseWriter, _ *http.Request) { writeReply(w, s.readyz()) })
	r.Get("/time", func(w http.ResponseWriter, r *http.Request) {
		writeReply(w, s.timeIn(r.Context(), r.URL.Query().Get("tz")))
	})
	r.Get("/ip", func(w http.ResponseWriter, r *http.Request) { writeReply(w, s.ip(r.Context())) })
	r.Get("/lua", func(w http.ResponseWriter, r *http.Request) {
		writeReply(w, s.lua(r.Context(), firstValues(r.URL.Query())))
	})
	s.customRoutes(r)
	return decodedPath(r)
}

// decodedPath makes chi route on the decoded path, as the front door and the
// other routers do: chi prefers URL.RawPath when Go sets one (any path with a
// non-canonical escape such as /t%69me), which names no route.
func decodedPath(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawPath != "" {
			u := *r.URL
			u.RawPath = ""
			r = r.WithContext(r.Context())
			r.URL = &u
		}
		next.ServeHTTP(w, r)
	})
}

// writeReply sends a reply.
func writeReply(w http.ResponseWriter, rep reply) { rep.write(w) }
