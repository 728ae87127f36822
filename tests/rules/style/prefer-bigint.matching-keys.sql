-- fixture: layout=prisma
-- A foreign key must have the type of the key it references: an integer reference to
-- an integer id is right, even when it is its table's own primary key (a one-to-one
-- table). The advice belongs to the parent's key, flagged where it is created.
-- CreateTable
CREATE TABLE "Profile" (
    "userId" INTEGER NOT NULL,
    "bio" TEXT,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL, -- expect: prefer-bigint
    "email" TEXT NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- Shaped like Lemmy's per-person tables: key and reference in one column.
CREATE TABLE person_settings (
    person_id int PRIMARY KEY REFERENCES "User" ON UPDATE CASCADE ON DELETE CASCADE,
    theme text
);

-- A reference to a bigint id is still too small.
CREATE TABLE ledger (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
);
CREATE TABLE ledger_note (
    ledger_id integer PRIMARY KEY REFERENCES ledger (id) -- expect: prefer-bigint
);

-- AddForeignKey
ALTER TABLE "Profile" ADD CONSTRAINT "Profile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
