// main() registers only the command its first argument names (cli/command_table.cpp).
// These tests hold that shortcut to what registering all of them gives: each entry's name
// is the name its function registers, and each command parses and explains itself the
// same whether its siblings exist or not.
#include <gtest/gtest.h>
#include <memory>
#include <set>
#include <string>

#include "cli/command.hpp"

namespace sluice::cli {
namespace {

std::unique_ptr<CLI::App> makeApp() {
  auto app = std::make_unique<CLI::App>("sluice", "sluice");
  app->require_subcommand(1);
  app->fallthrough(false);
  return app;
}

TEST(CommandTable, EachEntryRegistersTheCommandItNames) {
  std::set<std::string> names;
  for (const CommandEntry& entry : commandTable()) {
    auto app = makeApp();
    Commands commands;
    entry.add(*app, commands);
    auto registered = app->get_subcommands({});
    ASSERT_EQ(registered.size(), 1U) << entry.name;
    EXPECT_EQ(registered.front()->get_name(), entry.name);
    EXPECT_FALSE(commands.empty()) << entry.name;
    EXPECT_TRUE(names.insert(std::string(entry.name)).second) << "listed twice: " << entry.name;
    EXPECT_EQ(findCommand(entry.name), &entry);
  }
  EXPECT_EQ(names.size(), 13U);
  EXPECT_EQ(findCommand("lin"), nullptr);
  EXPECT_EQ(findCommand("LINT"), nullptr);
  EXPECT_EQ(findCommand(""), nullptr);
}

TEST(CommandTable, ACommandsHelpIsTheSameWithOrWithoutTheOthers) {
  auto all = makeApp();
  Commands allCommands;
  for (const CommandEntry& entry : commandTable()) entry.add(*all, allCommands);
  for (const CommandEntry& entry : commandTable()) {
    auto alone = makeApp();
    Commands commands;
    entry.add(*alone, commands);
    std::string name(entry.name);
    EXPECT_EQ(alone->get_subcommand(name)->help(), all->get_subcommand(name)->help()) << name;
  }
}

// Another command's name after the first is an argument of the first, as it was when
// every command was registered: the application takes exactly one command.
TEST(CommandTable, ALaterCommandNameIsAnArgumentEitherWay) {
  for (bool registerAll : {false, true}) {
    auto app = makeApp();
    Commands commands;
    if (registerAll) {
      for (const CommandEntry& entry : commandTable()) entry.add(*app, commands);
    } else {
      findCommand("lint")->add(*app, commands);
    }
    std::vector<std::string> arguments{"deploy", "lint"};  // CLI11 reads them from the back
    app->parse(arguments);
    CLI::App* lint = app->get_subcommand("lint");
    ASSERT_TRUE(lint->parsed()) << registerAll;
    EXPECT_EQ(lint->get_option("paths")->as<std::vector<std::string>>(), std::vector<std::string>{"deploy"})
        << registerAll;
  }
}

}  // namespace
}  // namespace sluice::cli
