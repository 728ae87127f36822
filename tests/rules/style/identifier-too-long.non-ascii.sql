-- The limit is 63 bytes, not 63 characters: a name in a non-Latin script reaches it
-- at 21 to 31 characters.
CREATE TABLE "éééééééééééééééééééééééééééééééé" (id bigint); -- expect: identifier-too-long:14
CREATE TABLE "ééééééééééééééééééééééééééééééé" (id bigint);
CREATE TABLE таблица_заказов_клиентов_за_период ( -- expect: identifier-too-long:14
    сумма_заказа_с_налогами_и_скидками_итог numeric, -- expect: identifier-too-long:5
    итог numeric
);
CREATE INDEX "索引索引索引索引索引索引索引索引索引索引索引" ON t (x); -- expect: identifier-too-long:14
CREATE INDEX "索引索引索引索引索引索引索引索引索引索引" ON t (x);
CREATE TABLE emoji ("🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀" text); -- expect: identifier-too-long:21
CREATE TABLE emoji2 ("🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀x" text);
