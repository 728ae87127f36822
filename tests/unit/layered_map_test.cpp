// LayeredMap (linter/layered_map.hpp): copies share a base and keep their own changes, so
// each copy must behave as an independent std::map, whatever the layers hold. Checked
// against std::map through long runs of changes and copies, with and without folding.
#include "linter/layered_map.hpp"

#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace sluice {
namespace {

using Map = LayeredMap<std::shared_ptr<int>>;
using Reference = std::map<std::string, int>;

Reference contentsOf(const Map& map) {
  Reference out;
  std::string previous;
  bool first = true;
  map.forEach([&](const std::string& key, const std::shared_ptr<int>& value) {
    EXPECT_TRUE(first || previous < key) << "not in key order: " << previous << " then " << key;
    first = false;
    previous = key;
    out.emplace(key, *value);
  });
  return out;
}

void expectSame(const Map& map, const Reference& reference, const std::string& where) {
  EXPECT_EQ(contentsOf(map), reference) << where;
  EXPECT_EQ(map.size(), reference.size()) << where;
  for (const auto& [key, value] : reference) {
    const std::shared_ptr<int>* found = map.find(key);
    ASSERT_NE(found, nullptr) << where << ": " << key;
    EXPECT_EQ(**found, value) << where << ": " << key;
  }
  EXPECT_EQ(map.find("absent"), nullptr) << where;
}

TEST(LayeredMap, ACopyAndItsSourceChangeIndependently) {
  Map source;
  for (int i = 0; i < 40; ++i) source["k" + std::to_string(i)] = std::make_shared<int>(i);
  Map copy = source;  // 40 entries in the source's own layer: folded into a shared base
  // Values are shared: change one through a fresh pointer, as the model does (copy on write).
  *copy.findOwn("k3") = std::make_shared<int>(300);
  copy.erase("k4");
  copy["new"] = std::make_shared<int>(-1);
  source.erase("k5");
  Reference expectedSource;
  Reference expectedCopy;
  for (int i = 0; i < 40; ++i) {
    if (i != 5) expectedSource["k" + std::to_string(i)] = i;
    if (i != 4) expectedCopy["k" + std::to_string(i)] = i == 3 ? 300 : i;
  }
  expectedCopy["new"] = -1;
  expectSame(source, expectedSource, "source");
  expectSame(copy, expectedCopy, "copy");
}

TEST(LayeredMap, AnErasedEntryCanComeBackAndEraseIfAndChangeWhereSeeEveryLayer) {
  Map map;
  for (int i = 0; i < 20; ++i) map["a" + std::to_string(i)] = std::make_shared<int>(i);
  Map copy = map;
  copy.erase("a1");
  EXPECT_EQ(copy.find("a1"), nullptr);
  auto [value, inserted] = copy.tryEmplace("a1");
  EXPECT_TRUE(inserted);
  value = std::make_shared<int>(11);
  copy.eraseIf([](const std::string& key, const std::shared_ptr<int>&) { return key.ends_with('2'); });
  copy.changeWhere([](const std::string&, const std::shared_ptr<int>& v) { return *v >= 18; },
                   [](std::shared_ptr<int>& v) { v = std::make_shared<int>(*v * 10); });
  Reference expected;
  for (int i = 0; i < 20; ++i) {
    std::string key = "a" + std::to_string(i);
    if (key.ends_with('2')) continue;
    expected[key] = i == 1 ? 11 : (i >= 18 ? i * 10 : i);
  }
  expectSame(copy, expected, "copy");
  Reference original;
  for (int i = 0; i < 20; ++i) original["a" + std::to_string(i)] = i;
  expectSame(map, original, "the map it was copied from");
}

// Random changes on a chain of copies, each checked against std::map: the engine's
// pattern (copy before, change, copy after, change the copy, drop it) at every size.
TEST(LayeredMap, RandomChangesOnCopiesMatchStdMap) {
  std::mt19937 random(20261207);
  Map map;
  Reference reference;
  std::vector<std::pair<Map, Reference>> kept;
  for (int step = 0; step < 3000; ++step) {
    std::string key = "key" + std::to_string(random() % 200);
    switch (random() % 6) {
      case 0:
      case 1: {
        int value = static_cast<int>(random() % 1000);
        map[key] = std::make_shared<int>(value);
        reference[key] = value;
        break;
      }
      case 2:
        map.erase(key);
        reference.erase(key);
        break;
      case 3:
        if (auto* own = map.findOwn(key)) {
          *own = std::make_shared<int>(**own + 1);
          ++reference[key];
        }
        break;
      case 4:
        kept.emplace_back(map, reference);
        if (kept.size() > 4) kept.erase(kept.begin());
        break;
      default:
        if (!kept.empty()) {
          map = kept.back().first;
          reference = kept.back().second;
        }
        break;
    }
    if (step % 97 == 0) expectSame(map, reference, "step " + std::to_string(step));
  }
  expectSame(map, reference, "the end");
  for (const auto& [copy, expected] : kept) expectSame(copy, expected, "a kept copy");
}

}  // namespace
}  // namespace sluice
