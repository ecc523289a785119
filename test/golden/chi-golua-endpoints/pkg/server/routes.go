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
	return r
}

// writeReply sends a reply.
func writeReply(w http.ResponseWriter, rep reply) { rep.write(w) }
