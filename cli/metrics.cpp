#include "cli/metrics.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "common/file_io.hpp"

namespace sluice::cli {
namespace {

// HELP text escapes backslash and newline; label values also escape the double quote.
std::string escaped(std::string_view text, bool labelValue) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && labelValue) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return std::to_string(static_cast<long long>(value));
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.15g", value);
  return text.data();
}

}  // namespace

void PrometheusText::gauge(std::string_view name, std::string_view help, double value, const MetricLabels& labels) {
  auto family = std::find_if(families_.begin(), families_.end(), [&](const Family& f) { return f.name == name; });
  if (family == families_.end()) {
    families_.push_back({std::string(name), std::string(help), {}});
    family = families_.end() - 1;
  }
  std::string sample(name);
  if (!labels.empty()) {
    sample += "{";
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) sample += ",";
      sample += labels[i].first + "=\"" + escaped(labels[i].second, true) + "\"";
    }
    sample += "}";
  }
  family->samples.push_back(sample + " " + number(value));
}

std::string PrometheusText::text() const {
  std::string out;
  for (const Family& family : families_) {
    out += "# HELP " + family.name + " " + escaped(family.help, false) + "\n";
    out += "# TYPE " + family.name + " gauge\n";
    for (const std::string& sample : family.samples) out += sample + "\n";
  }
  return out;
}

Status writeMetricsFile(const std::filesystem::path& path, const PrometheusText& metrics) {
  // node_exporter runs as its own user: the file must be readable by others.
  return writeFileAtomically(path, metrics.text(), {.mode = 0644, .sync = true});
}

void addRunMetrics(PrometheusText& metrics, std::string_view command, int exitCode, double durationSeconds) {
  MetricLabels labels{{"command", std::string(command)}};
  metrics.gauge("sluice_last_run_timestamp_seconds", "When the command last ran (Unix time)", unixNow(), labels);
  metrics.gauge("sluice_last_run_success", "1 when the command's last run succeeded (exit code 0), else 0",
                exitCode == 0 ? 1 : 0, labels);
  metrics.gauge("sluice_last_run_exit_code", "Exit code of the command's last run", exitCode, labels);
  metrics.gauge("sluice_last_run_duration_seconds", "How long the command's last run took", durationSeconds, labels);
}

double unixNow() {
  using namespace std::chrono;
  return static_cast<double>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
}

}  // namespace sluice::cli
