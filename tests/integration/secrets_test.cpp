// Passwords never leave sluice: every way of giving one (URLs with the scheme in any
// case, percent-encoded or raw special characters, repeated parameters, keyword/value
// strings with quotes, escapes and spaces, DATABASE_PASSWORD, PGPASSWORD,
// DATABASE_URL), each against a refused port, a wrong password and a deploy that
// succeeds (snapshot by pg_dump included). After each run, the password is in no
// output, no report, no audit log, no file the run wrote, and not in the arguments or
// the environment of pg_dump (a wrapper records both into a file that is scanned too).
#include <fstream>
#include <gtest/gtest.h>
#include <map>

#include "common/ephemeral_cluster.hpp"
#include "common/file_io.hpp"
#include "tests/integration/sluice_process.hpp"
#include "tests/support/percent_encoding.hpp"
#include "tests/support/test_cluster.hpp"

namespace sluice::testing {
namespace {

namespace fs = std::filesystem;

// Words that appear nowhere else, around the characters that break naive masking.
constexpr const char* kRight = "qZtPw'xKvRn\\yHmLs:jBcDfE";         // no '@': usable raw in a URL
constexpr const char* kRightAt = "uGrNe'wTkXa\\pQsVb@mJhYc:oLdFi";  // with '@': must be encoded in a URL
constexpr const char* kWrong = "zAqWs'xEdCr\\fVtGb@yHnUj:mIkOl";
constexpr const char* kWrongPlain = "zAqWs'xEdCr\\fVtGb:mIkOl";  // for raw URL forms
constexpr const char* kDecoy = "nBvCx-decoy-lKjHg";
constexpr const char* kSslPassword = "pOiUy-ssl-tReWq";
constexpr const char* kSnapshotKey = "5f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

std::vector<std::string> partsOf(std::string_view secret) {
  std::vector<std::string> parts;
  std::string word;
  for (char c : secret) {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word.push_back(c);
    } else {
      if (word.size() >= 5) parts.push_back(word);
      word.clear();
    }
  }
  if (word.size() >= 5) parts.push_back(word);
  return parts;
}

const std::vector<std::string>& forbidden() {
  static const std::vector<std::string> words = [] {
    std::vector<std::string> out;
    for (const char* secret : {kRight, kRightAt, kWrong, kDecoy, kSslPassword}) {
      for (std::string& part : partsOf(secret)) out.push_back(std::move(part));
    }
    out.emplace_back(kSnapshotKey);
    out.emplace_back(std::string(kSnapshotKey).substr(0, 24));
    return out;
  }();
  return words;
}

// A libpq keyword value with backslash escapes and no quotes.
std::string escapedUnquoted(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '\'' || c == ' ') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

struct Target {
  std::string host = "localhost";
  int port = 0;
  std::string database;
};

// One way of giving the password: the --database-url value (or none) and environment.
struct Form {
  std::string name;
  std::string user;              // the role whose password it carries
  bool refusedUnparsed = false;  // sluice must refuse the string itself (raw '@' in a URL)
  std::function<std::string(const Target&, const std::string& password)> url;
  std::function<std::vector<std::pair<std::string, std::string>>(const Target&, const std::string&)> env;
  std::string config;  // the project's .sluice.toml, when the form needs one
};

std::string hostPort(const Target& t) { return t.host + ":" + std::to_string(t.port); }

std::vector<Form> forms() {
  using Env = std::vector<std::pair<std::string, std::string>>;
  auto noEnv = [](const Target&, const std::string&) { return Env{}; };
  std::vector<Form> all;
  auto url = [&](std::string name, std::string user, std::function<std::string(const Target&, const std::string&)> f,
                 bool refused = false) {
    all.push_back({std::move(name), std::move(user), refused, std::move(f), noEnv, {}});
  };
  url("postgresql:// percent-encoded", "app_at", [](const Target& t, const std::string& p) {
    return "postgresql://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database;
  });
  url("postgres:// percent-encoded", "app_at", [](const Target& t, const std::string& p) {
    return "postgres://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database;
  });
  url("POSTGRESQL:// upper-case scheme", "app_at", [](const Target& t, const std::string& p) {
    return "POSTGRESQL://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database;
  });
  url("Postgres:// mixed-case scheme", "app_plain", [](const Target& t, const std::string& p) {
    return "Postgres://app_plain:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database;
  });
  url("raw ' \\ : in a URL password", "app_plain", [](const Target& t, const std::string& p) {
    return "postgresql://app_plain:" + p + "@" + hostPort(t) + "/" + t.database;
  });
  url(
      "raw @ in a URL password", "app_at",
      [](const Target& t, const std::string& p) {
        return "postgresql://app_at:" + p + "@" + hostPort(t) + "/" + t.database;
      },
      true);
  url("?password= parameter", "app_at", [](const Target& t, const std::string& p) {
    return "postgresql://app_at@" + hostPort(t) + "/" + t.database + "?password=" + percentEncodeAll(p);
  });
  url("duplicated password parameters", "app_at", [](const Target& t, const std::string& p) {
    return "postgresql://app_at:" + std::string(kDecoy) + "@" + hostPort(t) + "/" + t.database + "?password=" + kDecoy +
           "&password=" + percentEncodeAll(p) + "&sslmode=disable";
  });
  url("sslpassword and Prisma's schema", "app_at", [](const Target& t, const std::string& p) {
    return "postgresql://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database +
           "?sslmode=disable&sslpassword=" + kSslPassword + "&schema=public";
  });
  url("keyword/value, quoted", "app_at", [](const Target& t, const std::string& p) {
    return "host=" + t.host + " port=" + std::to_string(t.port) + " dbname=" + t.database +
           " user=app_at password=" + quoteConninfoValue(p);
  });
  url("keyword/value, spaces around =", "app_at", [](const Target& t, const std::string& p) {
    return "host = " + t.host + " port= " + std::to_string(t.port) + "  dbname =" + t.database +
           " user = app_at  password =  " + quoteConninfoValue(p);
  });
  url("keyword/value, backslash escapes", "app_at", [](const Target& t, const std::string& p) {
    return "password=" + escapedUnquoted(p) + " host=" + t.host + " port=" + std::to_string(t.port) +
           " dbname=" + t.database + " user=app_at";
  });
  all.push_back({"DATABASE_* variables",
                 "app_at",
                 false,
                 nullptr,
                 [](const Target& t, const std::string& p) {
                   return Env{{"DATABASE_HOST", t.host},
                              {"DATABASE_PORT", std::to_string(t.port)},
                              {"DATABASE_NAME", t.database},
                              {"DATABASE_USER", "app_at"},
                              {"DATABASE_PASSWORD", p}};
                 },
                 {}});
  all.push_back({"DATABASE_URL",
                 "app_at",
                 false,
                 nullptr,
                 [](const Target& t, const std::string& p) {
                   return Env{{"DATABASE_URL",
                               "postgresql://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database}};
                 },
                 {}});
  all.push_back({"a variable named by database_url_env", "app_at", false, nullptr,
                 [](const Target& t, const std::string& p) {
                   return Env{{"APP_DATABASE_URL",
                               "postgresql://app_at:" + percentEncodeAll(p) + "@" + hostPort(t) + "/" + t.database}};
                 },
                 "[migrations]\ndatabase_url_env = \"APP_DATABASE_URL\"\n"});
  all.push_back(
      {"PGPASSWORD",
       "app_at",
       false,
       [](const Target& t, const std::string&) { return "postgresql://app_at@" + hostPort(t) + "/" + t.database; },
       [](const Target&, const std::string& p) {
         return Env{{"PGPASSWORD", p}};
       },
       {}});
  return all;
}

// Every file below `dir`, read whole: a secret in any of them is a leak.
void expectNoSecretIn(const fs::path& dir, const std::string& what) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    auto text = readFile(it->path());
    if (!text) continue;
    for (const std::string& word : forbidden()) {
      EXPECT_EQ(text->find(word), std::string::npos) << "`" << word << "` in " << it->path() << " (" << what << ")";
    }
  }
}

void expectNoSecretIn(const std::string& text, const std::string& what) {
  for (const std::string& word : forbidden()) {
    EXPECT_EQ(text.find(word), std::string::npos) << "`" << word << "` in " << what << ":\n" << text;
  }
}

class Secrets : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    EphemeralClusterOptions options;
    options.hostAuth = "scram-sha-256";
    cluster_ = new EphemeralCluster(EphemeralCluster::start(options).value());
    ConnectionSettings admin = ConnectionSettings::fromString(cluster_->conninfo());
    auto literal = [](std::string_view text) {
      std::string out = "'";
      for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
      }
      return out + "'";
    };
    execute(admin, "CREATE ROLE app_plain LOGIN PASSWORD " + literal(kRight) + "; CREATE ROLE app_at LOGIN PASSWORD " +
                       literal(kRightAt));
    // pg_dump in a wrapper that records its arguments and environment.
    bin_ = new TempDir(TempDir::create("sluice-secrets-bin-").value());
    std::string script = "#!/bin/sh\n{ echo \"ARGS: $*\"; env; } >> \"$SLUICE_TEST_CHILD_LOG\"\nexec " +
                         (cluster_->binDir() / "pg_dump").string() + " \"$@\"\n";
    ASSERT_TRUE(writeFileAtomically(bin_->path() / "pg_dump", script, {0755, false}).ok());
  }
  static void TearDownTestSuite() {
    delete bin_;
    delete cluster_;
  }

  std::string freshDatabaseFor(const std::string& owner) {
    static int counter = 0;
    std::string name = "secrets_" + std::to_string(++counter);
    execute(ConnectionSettings::fromString(cluster_->conninfo()), "CREATE DATABASE " + name + " OWNER " + owner);
    return name;
  }

  // Runs `sluice args` in a fresh project folder with TMPDIR inside it, then scans
  // everything: outputs, report, audit log, every file written, pg_dump's arguments
  // and environment.
  ProcessResult runAndScan(const Form& form, const Target& target, const std::string& password,
                           const std::string& scenario, std::vector<std::string> args) {
    TempDir root = TempDir::create("sluice-secrets-").value();
    fs::create_directories(root.path() / "tmp");
    fs::create_directories(root.path() / "migrations");
    EXPECT_TRUE(writeFileAtomically(root.path() / "migrations" / "20240101000000_create_items.sql",
                                    "CREATE TABLE items (id bigint PRIMARY KEY, name text);\n")
                    .ok());
    if (!form.config.empty()) {
      EXPECT_TRUE(writeFileAtomically(root.path() / ".sluice.toml", form.config).ok());
    }
    std::vector<std::pair<std::string, std::string>> env{
        {"TMPDIR", (root.path() / "tmp").string()},
        {"SLUICE_PG_BINDIR", bin_->path().string()},
        {"SLUICE_TEST_CHILD_LOG", (root.path() / "child.log").string()},
        {"SLUICE_SNAPSHOT_KEY", kSnapshotKey}};
    for (auto& entry : form.env(target, password)) env.push_back(std::move(entry));
    if (form.url) {
      args.emplace_back("--database-url");
      args.push_back(form.url(target, password));
    }
    args.insert(args.end(), {"--dir", (root.path() / "migrations").string()});
    ProcessResult result = runSluice(args, env, root.path());
    std::string what = form.name + ", " + scenario + ", sluice " + args.front();
    expectNoSecretIn(result.out, what + ": stdout");
    expectNoSecretIn(result.err, what + ": stderr");
    expectNoSecretIn(root.path(), what);
    if (args.front() == "deploy" && result.exitCode == 0) {
      EXPECT_TRUE(fs::exists(root.path() / "child.log")) << what << ": pg_dump (wrapped) did not run";
    }
    return result;
  }

  static EphemeralCluster* cluster_;
  static TempDir* bin_;
};

EphemeralCluster* Secrets::cluster_ = nullptr;
TempDir* Secrets::bin_ = nullptr;

TEST_F(Secrets, NoPasswordInAnyOutputReportLogOrFileWhateverTheFormAndOutcome) {
  int checkedForms = 0;
  for (const Form& form : forms()) {
    SCOPED_TRACE(form.name);
    const std::string right = form.user == "app_plain" ? kRight : kRightAt;
    Target refused{"localhost", 1, "shop"};
    Target live{"localhost", cluster_->port(), freshDatabaseFor(form.user)};
    const int usage = 2;

    ProcessResult unreachable =
        runAndScan(form, refused, right, "refused port", {"deploy", "--audit-log", "audit.log", "--format", "json"});
    EXPECT_EQ(unreachable.exitCode, form.refusedUnparsed ? usage : 3) << unreachable.out << unreachable.err;
    ProcessResult status = runAndScan(form, refused, right, "refused port", {"status", "--json"});
    EXPECT_EQ(status.exitCode, form.refusedUnparsed ? usage : 3) << status.out << status.err;

    const std::string wrongPassword = form.user == "app_plain" ? kWrongPlain : kWrong;
    ProcessResult wrong =
        runAndScan(form, live, wrongPassword, "wrong password", {"deploy", "--audit-log", "audit.log"});
    EXPECT_EQ(wrong.exitCode, form.refusedUnparsed ? usage : 3) << wrong.out << wrong.err;
    if (!form.refusedUnparsed) {
      EXPECT_NE(wrong.err.find("password authentication failed"), std::string::npos) << wrong.err;
    }

    ProcessResult deployed =
        runAndScan(form, live, right, "successful deploy", {"deploy", "--audit-log", "audit.log", "--format", "json"});
    if (form.refusedUnparsed) {
      EXPECT_EQ(deployed.exitCode, usage) << deployed.out << deployed.err;
      EXPECT_NE(deployed.err.find("percent-encode"), std::string::npos) << deployed.err;
    } else {
      EXPECT_EQ(deployed.exitCode, 0) << deployed.out << deployed.err;
      EXPECT_NE(deployed.out.find("\"target\": \"" + form.user + "@localhost:" + std::to_string(live.port) + "/" +
                                  live.database + "\""),
                std::string::npos)
          << deployed.out;
    }
    ++checkedForms;
  }
  EXPECT_EQ(checkedForms, 16);
}

}  // namespace
}  // namespace sluice::testing
