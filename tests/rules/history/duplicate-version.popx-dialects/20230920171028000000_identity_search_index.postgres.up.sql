CREATE INDEX CONCURRENTLY identity_search ON identities USING GIN (traits);
