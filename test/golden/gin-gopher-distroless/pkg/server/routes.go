package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes binds the endpoints to a gin engine: gin.New (never gin.Default) in
// release mode, no trusted proxies, no redirects. The front door (server.go)
// logs, recovers panics and has already answered 404, 405, OPTIONS and HEAD, so
// gin only sees known routes; its own 404/405 answer a problem just in case.
func (s *Server) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode) // no debug banner or route dump; must precede gin.New
	r := gin.New()
	// Never trust X-Forwarded-For: c.ClientIP() is the TCP peer. List your proxies'
	// CIDRs here if the service runs behind one.
	if err := r.SetTrustedProxies(nil); err != nil {
		panic("server: SetTrustedProxies(nil): " + err.Error()) // cannot happen for a nil list
	}
	// One path policy for the API: no trailing-slash or case-fixing redirects.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	r.NoRoute(func(c *gin.Context) { writeReply(c, notFound(c.Request.Context())) })
	r.NoMethod(func(c *gin.Context) { writeReply(c, notFound(c.Request.Context())) })

	r.GET("/healthz", func(c *gin.Context) { writeReply(c, s.healthz()) })
	r.GET("/readyz", func(c *gin.Context) { writeReply(c, s.readyz()) })
	r.GET("/time", func(c *gin.Context) {
		writeReply(c, s.timeIn(c.Request.Context(), c.Query("tz")))
	})
	r.GET("/ip", func(c *gin.Context) { writeReply(c, s.ip(c.Request.Context())) })
	r.GET("/lua", func(c *gin.Context) {
		writeReply(c, s.lua(c.Request.Context(), firstValues(c.Request.URL.Query())))
	})
	s.customRoutes(r)
	return r
}

// writeReply sends a reply through gin's writer.
func writeReply(c *gin.Context, rep reply) { rep.write(c.Writer) }
