#pragma once
// A sorted map from names to shared values whose copies are cheap: a base layer that
// copies share, read-only, and each copy's own layer of the entries it changed since
// (erased ones as holes). The engine copies the schema model twice for every migration
// that has a rollback (linter/engine.cpp); copying whole maps of every table and object
// of a long history was a third of linting Lemmy's 342 up/down migrations. A copy costs
// its own layer; the layer is folded into a new base when a copy is made of a map whose
// layer has grown past an eighth of its base (folding needs no outstanding reference,
// and copies are made between statements).

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sluice {

template <typename V>
class LayeredMap {
 public:
  using Layer = std::map<std::string, V, std::less<>>;

  LayeredMap() = default;
  LayeredMap(const LayeredMap& other) : LayeredMap(copyOf(other)) {}
  LayeredMap& operator=(const LayeredMap& other) {
    if (this != &other) *this = copyOf(other);
    return *this;
  }
  LayeredMap(LayeredMap&&) noexcept = default;
  LayeredMap& operator=(LayeredMap&&) noexcept = default;
  ~LayeredMap() = default;

  [[nodiscard]] std::size_t size() const { return size_; }

  // The value at `key`, or nullptr.
  [[nodiscard]] const V* find(std::string_view key) const {
    if (auto own = own_.find(key); own != own_.end()) return own->second ? &*own->second : nullptr;
    return inBase(key);
  }

  // The value at `key` in this copy's own layer, where it may be replaced; nullptr when
  // there is none. The reference stays valid until the map is copied.
  V* findOwn(std::string_view key) {
    if (auto own = own_.find(key); own != own_.end()) return own->second ? &*own->second : nullptr;
    const V* shared = inBase(key);
    if (shared == nullptr) return nullptr;
    return &*own_.emplace(std::string(key), *shared).first->second;
  }

  // The value at `key` (a default one inserted when there is none), and whether it was
  // inserted.
  std::pair<V&, bool> tryEmplace(std::string_view key) {
    if (V* found = findOwn(key)) return {*found, false};
    auto [own, inserted] = own_.try_emplace(std::string(key));
    own->second.emplace();
    ++size_;
    return {*own->second, true};
  }
  V& operator[](std::string_view key) { return tryEmplace(key).first; }

  void erase(std::string_view key) {
    if (find(key) == nullptr) return;
    --size_;
    if (inBase(key) != nullptr) {
      own_.insert_or_assign(std::string(key), std::nullopt);
    } else {
      own_.erase(own_.find(key));
    }
  }

  // Every entry in key order: visit(key, value).
  template <typename Visit>
  void forEach(Visit visit) const {
    auto own = own_.begin();
    auto base = base_ ? base_->begin() : typename Layer::const_iterator();
    auto baseEnd = base_ ? base_->end() : typename Layer::const_iterator();
    while (base != baseEnd || own != own_.end()) {
      if (own == own_.end() || (base != baseEnd && base->first < own->first)) {
        visit(base->first, base->second);
        ++base;
        continue;
      }
      if (base != baseEnd && base->first == own->first) ++base;
      if (own->second) visit(own->first, *own->second);
      ++own;
    }
  }

  // Erases the entries for which matches(key, value) holds.
  template <typename Matches>
  void eraseIf(Matches matches) {
    for (const std::string& key : keysWhere(matches)) erase(key);
  }

  // Calls change(value) on the entries for which matches(key, value) holds, each in this
  // copy's own layer.
  template <typename Matches, typename Change>
  void changeWhere(Matches matches, Change change) {
    for (const std::string& key : keysWhere(matches)) change(*findOwn(key));
  }

 private:
  static LayeredMap copyOf(const LayeredMap& other) {
    other.foldIfLarge();
    LayeredMap copy;
    copy.base_ = other.base_;
    copy.own_ = other.own_;
    copy.size_ = other.size_;
    return copy;
  }

  const V* inBase(std::string_view key) const {
    if (!base_) return nullptr;
    auto it = base_->find(key);
    return it != base_->end() ? &it->second : nullptr;
  }

  template <typename Matches>
  std::vector<std::string> keysWhere(Matches matches) const {
    std::vector<std::string> keys;
    forEach([&](const std::string& key, const V& value) {
      if (matches(key, value)) keys.push_back(key);
    });
    return keys;
  }

  // Logically const: the entries stay what they are.
  void foldIfLarge() const {
    std::size_t baseSize = base_ ? base_->size() : 0;
    if (own_.size() <= baseSize / 8 + 8) return;
    auto folded = std::make_shared<Layer>();
    forEach([&](const std::string& key, const V& value) { folded->emplace_hint(folded->end(), key, value); });
    base_ = std::move(folded);
    own_.clear();
  }

  mutable std::shared_ptr<const Layer> base_;
  mutable std::map<std::string, std::optional<V>, std::less<>> own_;
  std::size_t size_ = 0;
};

}  // namespace sluice
