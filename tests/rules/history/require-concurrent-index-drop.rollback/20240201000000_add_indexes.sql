-- fixture: rules=require-concurrent-index-drop,require-concurrent-index,require-concurrent-reindex,require-lock-timeout
SET lock_timeout = '5s';
CREATE INDEX idx_post_community ON post (community_id); -- expect: require-concurrent-index
CREATE INDEX idx_post_published ON post (published); -- expect: require-concurrent-index
CREATE TABLE post_report (id bigint PRIMARY KEY, post_id bigint, reason text);
CREATE INDEX idx_post_report_post ON post_report (post_id);
-- Created and dropped again before anyone else can see it.
CREATE INDEX idx_post_scratch ON post (id, published); -- expect: require-concurrent-index
DROP INDEX idx_post_scratch;
