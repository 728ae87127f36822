-- fixture: rules=duplicate-version,require-concurrent-index
-- expect-clean: duplicate-version, require-concurrent-index
CREATE INDEX identity_search ON identities (traits);
