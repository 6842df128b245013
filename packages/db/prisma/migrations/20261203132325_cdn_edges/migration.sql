-- CreateTable
CREATE TABLE "cdn_edges" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL DEFAULT '',
    "token_hash" TEXT,
    "token_prefix" TEXT,
    "revoked_at" TIMESTAMPTZ(3),
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cdn_edges_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cdn_edges_name_key" ON "cdn_edges"("name");

-- CreateIndex
CREATE UNIQUE INDEX "cdn_edges_token_hash_key" ON "cdn_edges"("token_hash");

