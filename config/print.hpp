#pragma once
// `sluice config` and `--print-config`: every setting, its effective value and where it
// came from (flag, env VAR, file:line:column, default). Secrets show as ***.
//
// Text: one line per key, aligned: KEY  VALUE  FROM.
// JSON: {"file": path or null, "settings": [{"key", "value", "from", "source",
//        "reserved", "secret"}], "warnings": [{"message", "location"}]}
//   value  typed (number, true/false, string, array), null when unset, "***" for secrets
//   from   "default", "file", "env" or "flag"; source the file:line:column, variable or flag

#include <ostream>

#include "config/settings.hpp"

namespace sluice::config {

void writeSettingsText(const Settings& settings, std::ostream& out);
void writeSettingsJson(const Settings& settings, std::ostream& out);

}  // namespace sluice::config
