package server

import "net/http"

// routes binds the endpoints to a Go 1.22+ pattern ServeMux. The front door
// (server.go) has already answered 404, 405, OPTIONS and HEAD, so the mux only
// sees known routes; its catch-all answers a problem just in case.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeReply(w, s.healthz())
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		writeReply(w, s.readyz())
	})
	mux.HandleFunc("GET /time", func(w http.ResponseWriter, r *http.Request) {
		writeReply(w, s.timeIn(r.Context(), r.URL.Query().Get("tz")))
	})
	mux.HandleFunc("GET /ip", func(w http.ResponseWriter, r *http.Request) {
		writeReply(w, s.ip(r.Context()))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeReply(w, notFound(r.Context()))
	})
	s.customRoutes(mux)
	return mux
}

// writeReply sends a reply.
func writeReply(w http.ResponseWriter, rep reply) { rep.write(w) }
