// Package scripts embeds the Lua scripts served by the /lua endpoint.
package scripts

import "embed"

// FS holds every *.lua file of this directory, compiled once at startup.
//
//go:embed *.lua
var FS embed.FS
