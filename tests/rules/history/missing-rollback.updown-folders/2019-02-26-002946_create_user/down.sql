DROP TABLE user_;
