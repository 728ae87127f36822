#include <cstdlib>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/metrics.hpp"
#include "cli/status_metrics.hpp"
#include "notify/notifier.hpp"
#include "notify/payload.hpp"
#include "notify/signature.hpp"

namespace sluice {
namespace {

TEST(NotifySignature, IsHmacSha256OfTheBody) {
  // RFC 4231, test case 2.
  EXPECT_EQ(notify::signatureOf(Secret("Jefe"), "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

notify::Event sampleEvent() {
  notify::Event event;
  event.kind = notify::EventKind::DeployFailed;
  event.project = "shop";
  event.database = "app";
  event.migration = "002_<b>.sql";
  event.error = "division by zero";
  event.durationSeconds = 1.5;
  event.exitCode = 4;
  event.host = "db1";
  return event;
}

TEST(NotifyPayload, JsonCarriesEveryField) {
  auto body = nlohmann::json::parse(notify::jsonPayload().body(sampleEvent()));
  EXPECT_EQ(body["event"], "deploy-failed");
  EXPECT_EQ(body["project"], "shop");
  EXPECT_EQ(body["database"], "app");
  EXPECT_EQ(body["migration"], "002_<b>.sql");
  EXPECT_EQ(body["error"], "division by zero");
  EXPECT_EQ(body["duration_seconds"], 1.5);
  EXPECT_EQ(body["exit_code"], 4);
  EXPECT_EQ(body["host"], "db1");
  EXPECT_TRUE(body["snapshot"].is_null());  // none taken: null, not missing
}

TEST(NotifyPayload, SlackIsATextMessageWithMarkupEscaped) {
  auto body = nlohmann::json::parse(notify::payloadFormat(config::Payload::Slack).body(sampleEvent()));
  ASSERT_TRUE(body.contains("text"));
  std::string text = body["text"];
  EXPECT_NE(text.find("*shop*: deploy-failed"), std::string::npos) << text;
  EXPECT_NE(text.find("002_&lt;b&gt;.sql"), std::string::npos) << text;
  EXPECT_NE(text.find("exit code 4"), std::string::npos) << text;
}

TEST(NotifyRetries, BackOffDoublesUpToACap) {
  EXPECT_EQ(notify::backoff(1).count(), 500);
  EXPECT_EQ(notify::backoff(2).count(), 1000);
  EXPECT_EQ(notify::backoff(3).count(), 2000);
  EXPECT_EQ(notify::backoff(10).count(), 8000);
}

TEST(NotifyNotifier, AMissingSecretIsAConfigErrorThatNamesTheVariable) {
  config::NotifySection section;
  config::Webhook webhook;
  webhook.url = Secret("http://127.0.0.1:1/x");
  webhook.secretEnv = "SLUICE_TEST_UNSET_SECRET";
  section.webhooks.push_back(webhook);
  ::unsetenv("SLUICE_TEST_UNSET_SECRET");
  auto notifier = notify::Notifier::create(section, "/srv/shop");
  ASSERT_FALSE(notifier.ok());
  EXPECT_EQ(notifier.error().code, ErrorCode::Config);
  EXPECT_NE(notifier.error().message.find("SLUICE_TEST_UNSET_SECRET is not set"), std::string::npos);
}

TEST(NotifyNotifier, EventsFilterWebhooks) {
  config::NotifySection section;
  config::Webhook webhook;
  webhook.url = Secret("http://127.0.0.1:1/x");
  webhook.events = {"deploy-failed"};
  section.webhooks.push_back(webhook);
  auto notifier = notify::Notifier::create(section, "/srv/shop");
  ASSERT_TRUE(notifier.ok());
  EXPECT_TRUE(notifier->wants(notify::EventKind::DeployFailed));
  EXPECT_FALSE(notifier->wants(notify::EventKind::DeploySucceeded));
  // Nothing is sent (and nothing fails) for an event no webhook wants.
  notify::Event prune;
  prune.kind = notify::EventKind::Prune;
  EXPECT_TRUE(notifier->send(prune).empty());
}

TEST(PrometheusText, GroupsFamiliesAndEscapes) {
  cli::PrometheusText metrics;
  metrics.gauge("sluice_a", "first\nline \\ two", 1, {{"command", "x"}});
  metrics.gauge("sluice_b", "b", 0.25);
  metrics.gauge("sluice_a", "first", 2, {{"command", "say \"hi\"\\\n"}});
  metrics.gauge("sluice_t", "t", 1764970000.125);
  EXPECT_EQ(metrics.text(),
            "# HELP sluice_a first\\nline \\\\ two\n"
            "# TYPE sluice_a gauge\n"
            "sluice_a{command=\"x\"} 1\n"
            "sluice_a{command=\"say \\\"hi\\\"\\\\\\n\"} 2\n"
            "# HELP sluice_b b\n"
            "# TYPE sluice_b gauge\n"
            "sluice_b 0.25\n"
            "# HELP sluice_t t\n"
            "# TYPE sluice_t gauge\n"
            "sluice_t 1764970000.125\n");
}

TEST(PrometheusText, StatusGivesCountsByState) {
  StatusReport report;
  report.outcome = CheckOutcome::Checked;
  report.health = Health::Degraded;
  report.applied = 3;
  report.pending = 2;
  std::string text = cli::statusMetrics(report, "/nonexistent/snapshots").text();
  EXPECT_NE(text.find("sluice_status_up 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sluice_status_healthy 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sluice_migrations{state=\"applied\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sluice_migrations{state=\"pending\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("sluice_snapshots 0\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace sluice
