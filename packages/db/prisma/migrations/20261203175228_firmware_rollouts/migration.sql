-- CreateEnum
CREATE TYPE "rollout_event_kind" AS ENUM ('CREATED', 'STARTED', 'WAVE_STARTED', 'WAVE_COMPLETED', 'HALTED', 'RESUMED', 'ROLLED_BACK', 'COMPLETED');

-- AlterEnum (PAUSED folds into HALTED: a halt by hand and by a guardrail are one state, the events tell who)
BEGIN;
CREATE TYPE "rollout_state_new" AS ENUM ('DRAFT', 'RUNNING', 'HALTED', 'COMPLETED', 'ROLLED_BACK');
ALTER TABLE "public"."firmware_rollouts" ALTER COLUMN "state" DROP DEFAULT;
ALTER TABLE "firmware_rollouts" ALTER COLUMN "state" TYPE "rollout_state_new" USING ((CASE WHEN "state"::text = 'PAUSED' THEN 'HALTED' ELSE "state"::text END)::"rollout_state_new");
ALTER TYPE "rollout_state" RENAME TO "rollout_state_old";
ALTER TYPE "rollout_state_new" RENAME TO "rollout_state";
DROP TYPE "public"."rollout_state_old";
ALTER TABLE "firmware_rollouts" ALTER COLUMN "state" SET DEFAULT 'DRAFT';
COMMIT;

-- AlterTable
ALTER TABLE "firmware_versions" ADD COLUMN     "image_url" TEXT,
ADD COLUMN     "sha256" CHAR(64),
ADD COLUMN     "size_bytes" BIGINT;

-- AlterTable
ALTER TABLE "rollout_waves" ADD COLUMN     "soak_minutes" INTEGER NOT NULL DEFAULT 60;

-- CreateTable
CREATE TABLE "rollout_events" (
    "id" TEXT NOT NULL,
    "rollout_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "rollout_event_kind" NOT NULL,
    "from_state" "rollout_state",
    "to_state" "rollout_state" NOT NULL,
    "wave_ordinal" INTEGER,
    "actor_id" TEXT,
    "actor_email" TEXT NOT NULL,
    "reason" TEXT,
    "figures" JSONB,

    CONSTRAINT "rollout_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_guardrail_checks" (
    "id" TEXT NOT NULL,
    "rollout_id" TEXT NOT NULL,
    "wave_ordinal" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "verdict" TEXT NOT NULL,
    "checks" JSONB NOT NULL,
    "samples" JSONB,

    CONSTRAINT "rollout_guardrail_checks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device_firmware_reports" (
    "device_id" TEXT NOT NULL,
    "firmware_version_id" TEXT NOT NULL,
    "reported_at" TIMESTAMPTZ(3) NOT NULL,
    "first_frame_at" TIMESTAMPTZ(3),

    CONSTRAINT "device_firmware_reports_pkey" PRIMARY KEY ("device_id")
);

-- CreateIndex
CREATE INDEX "rollout_events_rollout_id_at_idx" ON "rollout_events"("rollout_id", "at");

-- CreateIndex
CREATE INDEX "rollout_guardrail_checks_rollout_id_at_idx" ON "rollout_guardrail_checks"("rollout_id", "at");

-- CreateIndex
CREATE INDEX "device_firmware_reports_firmware_version_id_first_frame_at_idx" ON "device_firmware_reports"("firmware_version_id", "first_frame_at");

-- AddForeignKey
ALTER TABLE "rollout_events" ADD CONSTRAINT "rollout_events_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "firmware_rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_guardrail_checks" ADD CONSTRAINT "rollout_guardrail_checks_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "firmware_rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_firmware_reports" ADD CONSTRAINT "device_firmware_reports_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "devices"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_firmware_reports" ADD CONSTRAINT "device_firmware_reports_firmware_version_id_fkey" FOREIGN KEY ("firmware_version_id") REFERENCES "firmware_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

