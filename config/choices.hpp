#pragma once
// The keys whose value is one of a few words, as enums, with the one table that spells
// each (common/spelling.hpp): the loader validates against it, the sections read it,
// reports print it.

#include <string_view>

#include "common/spelling.hpp"

namespace sluice::config {

enum class TxMode { PerMigration, All };
enum class OnFailure { Restore, Rollback, Keep };
enum class Safety { Snapshot, RestorePoint, Auto };
enum class Payload { Json, Slack };

inline constexpr Spellings<TxMode, 2> kTxModeNames{{{TxMode::PerMigration, "per-migration"}, {TxMode::All, "all"}}};
inline constexpr Spellings<OnFailure, 3> kOnFailureNames{
    {{OnFailure::Restore, "restore"}, {OnFailure::Rollback, "rollback"}, {OnFailure::Keep, "keep"}}};
inline constexpr Spellings<Safety, 3> kSafetyNames{
    {{Safety::Snapshot, "snapshot"}, {Safety::RestorePoint, "restore-point"}, {Safety::Auto, "auto"}}};
inline constexpr Spellings<Payload, 2> kPayloadNames{{{Payload::Json, "json"}, {Payload::Slack, "slack"}}};

inline std::string_view spell(TxMode value) { return sluice::spell(value, kTxModeNames); }
inline std::string_view spell(OnFailure value) { return sluice::spell(value, kOnFailureNames); }
inline std::string_view spell(Safety value) { return sluice::spell(value, kSafetyNames); }
inline std::string_view spell(Payload value) { return sluice::spell(value, kPayloadNames); }

}  // namespace sluice::config
