-- CreateEnum
CREATE TYPE "scheduled_change_state" AS ENUM ('PENDING', 'APPLIED', 'CANCELLED');

-- AlterTable
ALTER TABLE "cohorts" ADD COLUMN     "key" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "feature_flags" DROP COLUMN "enabled",
DROP COLUMN "rules",
DROP COLUMN "variants",
ADD COLUMN     "definition" JSONB NOT NULL,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "feature_flag_versions" (
    "id" TEXT NOT NULL,
    "flag_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT,
    "actor_id" TEXT,
    "actor_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feature_flag_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "flag_scheduled_changes" (
    "id" TEXT NOT NULL,
    "flag_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT,
    "state" "scheduled_change_state" NOT NULL DEFAULT 'PENDING',
    "created_by_id" TEXT,
    "created_by_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),
    "applied_version" INTEGER,

    CONSTRAINT "flag_scheduled_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "config_versions" (
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "note" TEXT,
    "actor_id" TEXT,
    "actor_email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "config_versions_pkey" PRIMARY KEY ("version")
);

-- CreateIndex
CREATE UNIQUE INDEX "feature_flag_versions_flag_id_version_key" ON "feature_flag_versions"("flag_id", "version");

-- CreateIndex
CREATE INDEX "flag_scheduled_changes_state_at_idx" ON "flag_scheduled_changes"("state", "at");

-- CreateIndex
CREATE INDEX "flag_scheduled_changes_flag_id_state_idx" ON "flag_scheduled_changes"("flag_id", "state");

-- CreateIndex
CREATE UNIQUE INDEX "cohorts_key_key" ON "cohorts"("key");

-- AddForeignKey
ALTER TABLE "feature_flag_versions" ADD CONSTRAINT "feature_flag_versions_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "feature_flags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flag_scheduled_changes" ADD CONSTRAINT "flag_scheduled_changes_flag_id_fkey" FOREIGN KEY ("flag_id") REFERENCES "feature_flags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

