CREATE TABLE orders (id bigint); -- expect: duplicate-version@error
