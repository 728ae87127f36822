#pragma once
// From the resolved entries to the typed sections each module receives.

#include <map>
#include <string>

#include "common/error.hpp"
#include "config/settings.hpp"

namespace sluice::config {

// Fills settings.lint, .migrations, .deploy, ... from settings.entries; `rules` are the
// [rules] settings the loader read.
Status buildSections(Settings& settings, std::map<std::string, RuleSetting, std::less<>> rules);

}  // namespace sluice::config
