-- CreateTable
CREATE TABLE "rails" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rails_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rail_versions" (
    "id" TEXT NOT NULL,
    "rail_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT,
    "actor_id" TEXT,
    "actor_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rail_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rails_key_key" ON "rails"("key");

-- CreateIndex
CREATE UNIQUE INDEX "rail_versions_rail_id_version_key" ON "rail_versions"("rail_id", "version");

-- AddForeignKey
ALTER TABLE "rail_versions" ADD CONSTRAINT "rail_versions_rail_id_fkey" FOREIGN KEY ("rail_id") REFERENCES "rails"("id") ON DELETE CASCADE ON UPDATE CASCADE;

