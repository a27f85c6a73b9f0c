package whatsapp

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"

	waLog "go.mau.fi/whatsmeow/util/log"
)

// levelTrace is where whatsmeow's debug output goes: it dumps every XML node, far more than
// minutka's own Debug, so it shows only when the handler's level is at or below Debug-4.
const levelTrace = slog.LevelDebug - 4

// waLogger bridges whatsmeow's logger to slog: its errors and warnings at Warn (phone-like
// numbers masked), its info at Debug, its debug at levelTrace.
type waLogger struct {
	log    *slog.Logger
	module string
}

var _ waLog.Logger = waLogger{}

func newWALogger(log *slog.Logger, module string) waLogger { return waLogger{log: log, module: module} }

func (l waLogger) Errorf(msg string, args ...any) { l.out(slog.LevelWarn, msg, args) }
func (l waLogger) Warnf(msg string, args ...any)  { l.out(slog.LevelWarn, msg, args) }
func (l waLogger) Infof(msg string, args ...any)  { l.out(slog.LevelDebug, msg, args) }
func (l waLogger) Debugf(msg string, args ...any) { l.out(levelTrace, msg, args) }

// Sub implements waLog.Logger.
func (l waLogger) Sub(module string) waLog.Logger {
	return waLogger{log: l.log, module: l.module + "/" + module}
}

// phoneLike matches digit runs long enough to be phone numbers (as in JIDs).
var phoneLike = regexp.MustCompile(`\+?\d{7,}`)

func (l waLogger) out(level slog.Level, format string, args []any) {
	ctx := context.Background()
	if !l.log.Enabled(ctx, level) {
		return
	}
	detail := fmt.Sprintf(format, args...)
	if level >= slog.LevelInfo {
		detail = phoneLike.ReplaceAllString(detail, "***")
	}
	l.log.Log(ctx, level, "whatsmeow", "module", l.module, "detail", detail)
}
