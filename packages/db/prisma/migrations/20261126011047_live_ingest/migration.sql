-- AlterTable
ALTER TABLE "channel_sources" ADD COLUMN     "last_error" TEXT,
ADD COLUMN     "probe" JSONB;

-- AlterTable
ALTER TABLE "channels" ADD COLUMN     "last_failover_at" TIMESTAMPTZ(3),
ADD COLUMN     "qc_settings" JSONB;

