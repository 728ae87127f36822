CREATE FULLTEXT INDEX identity_search ON identities (traits);
