-- The indexes the migration created on `post` have been in use since it ran: dropping
-- them locks a live table.
DROP INDEX idx_post_community; -- expect: require-concurrent-index-drop, require-lock-timeout
REINDEX INDEX idx_post_published; -- expect: require-concurrent-reindex
DROP INDEX idx_post_published; -- expect: require-concurrent-index-drop
-- An index on a table the migration created goes with that table.
REINDEX INDEX idx_post_report_post;
DROP INDEX idx_post_report_post;
DROP TABLE post_report;
