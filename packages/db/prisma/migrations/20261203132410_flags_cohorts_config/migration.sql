-- CreateEnum
CREATE TYPE "scheduled_change_state" AS ENUM ('PENDING', 'APPLIED', 'CANCELLED');

-- AlterTable: existing cohorts (the demo seed's) get their old salt, else one from their id, as rollout key.
ALTER TABLE "cohorts" ADD COLUMN     "key" TEXT;
UPDATE "cohorts" SET "key" = COALESCE("rule"->>'salt', 'cohort-' || "id");
ALTER TABLE "cohorts" ALTER COLUMN "key" SET NOT NULL;

-- AlterTable: existing flags (the demo seed's: on/off variants, rules without ids) become version 1 of a
-- boolean definition; "enabled = false" was the kill switch.
ALTER TABLE "feature_flags" ADD COLUMN     "definition" JSONB,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
UPDATE "feature_flags" SET "definition" = jsonb_build_object(
  'type', 'boolean',
  'variants', COALESCE("variants", '[{"key":"on","value":true},{"key":"off","value":false}]'::jsonb),
  'defaultVariant', 'off',
  'offVariant', 'off',
  'killed', NOT "enabled",
  'rules', (
    SELECT COALESCE(jsonb_agg(jsonb_build_object(
      'id', 'rule-' || ord,
      'cohortId', r->>'cohortId',
      'percent', COALESCE((r->>'percent')::numeric, 100),
      'variant', COALESCE(r->>'variant', 'on')
    ) ORDER BY ord), '[]'::jsonb)
    FROM jsonb_array_elements(COALESCE("rules", '[]'::jsonb)) WITH ORDINALITY AS t(r, ord)
  )
);
ALTER TABLE "feature_flags" ALTER COLUMN "definition" SET NOT NULL;
ALTER TABLE "feature_flags" DROP COLUMN "enabled",
DROP COLUMN "rules",
DROP COLUMN "variants";

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

-- Their history starts with what they hold now.
INSERT INTO "feature_flag_versions" ("id", "flag_id", "version", "definition", "note", "actor_email")
SELECT 'v1-' || "id", "id", 1, "definition", 'Before version history', 'system:migration' FROM "feature_flags";

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

