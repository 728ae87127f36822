DROP INDEX CONCURRENTLY user_id_name_idx; -- expect: concurrently-in-transaction
