TRUNCATE user_; -- expect: irreversible-change
