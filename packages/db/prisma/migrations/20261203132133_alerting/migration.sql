-- The stub rules the seed wrote before alerting existed name metrics no evaluator knows (videoStartFailureRate…):
-- they go, and the seed writes the demo rules in the new shape.
DELETE FROM "alert_events";
DELETE FROM "alert_rules";

-- CreateEnum
CREATE TYPE "alert_source" AS ENUM ('QOE', 'INGEST', 'PLATFORM');

-- CreateEnum
CREATE TYPE "alert_delivery_status" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- AlterEnum: recreated rather than ADD VALUE, which cannot be used in the same transaction (the table has no rows)
ALTER TABLE "alert_events" ALTER COLUMN "state" DROP DEFAULT;
ALTER TYPE "alert_state" RENAME TO "alert_state_old";
CREATE TYPE "alert_state" AS ENUM ('PENDING', 'FIRING', 'RESOLVED');
ALTER TABLE "alert_events" ALTER COLUMN "state" TYPE "alert_state" USING "state"::text::"alert_state";
DROP TYPE "alert_state_old";

-- AlterTable
ALTER TABLE "alert_events" ADD COLUMN     "acknowledge_note" TEXT,
ADD COLUMN     "clearing_since" TIMESTAMPTZ(3),
ADD COLUMN     "group_key" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "last_evaluated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "peak_value" DOUBLE PRECISION NOT NULL,
ADD COLUMN     "pending_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "samples" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "threshold" DOUBLE PRECISION NOT NULL,
ALTER COLUMN "state" SET DEFAULT 'PENDING',
ALTER COLUMN "fired_at" DROP NOT NULL,
ALTER COLUMN "fired_at" DROP DEFAULT;

-- AlterTable
ALTER TABLE "alert_rules" DROP COLUMN "scope",
ADD COLUMN     "clear_threshold" DOUBLE PRECISION,
ADD COLUMN     "filters" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "for_seconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "group_by" TEXT,
ADD COLUMN     "min_samples" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "muted_until" TIMESTAMPTZ(3),
ADD COLUMN     "source" "alert_source" NOT NULL DEFAULT 'QOE';

-- CreateTable
CREATE TABLE "alert_webhooks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "min_severity" "alert_severity" NOT NULL DEFAULT 'INFO',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "transition" "alert_state" NOT NULL,
    "status" "alert_delivery_status" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_webhooks_name_key" ON "alert_webhooks"("name");

-- CreateIndex
CREATE INDEX "alert_deliveries_webhook_id_created_at_idx" ON "alert_deliveries"("webhook_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_deliveries_webhook_id_event_id_transition_key" ON "alert_deliveries"("webhook_id", "event_id", "transition");

-- CreateIndex
CREATE INDEX "alert_events_fired_at_idx" ON "alert_events"("fired_at");

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "alert_webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "alert_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

