-- CreateEnum
CREATE TYPE "edge_steering_state" AS ENUM ('HEALTHY', 'AVOIDED');

-- AlterTable
ALTER TABLE "cdn_edges" ADD COLUMN     "base_url" TEXT,
ADD COLUMN     "weight" INTEGER NOT NULL DEFAULT 100;

-- CreateTable
CREATE TABLE "edge_steering" (
    "edge_id" TEXT NOT NULL,
    "rule" JSONB NOT NULL DEFAULT '{}',
    "state" "edge_steering_state" NOT NULL DEFAULT 'HEALTHY',
    "avoided_since" TIMESTAMPTZ(3),
    "reason" TEXT,
    "figures" JSONB,
    "moved_share" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "healthy_since" TIMESTAMPTZ(3),
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "pinned_by" TEXT,
    "last_figures" JSONB,
    "last_evaluated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "edge_steering_pkey" PRIMARY KEY ("edge_id")
);

-- AddForeignKey
ALTER TABLE "edge_steering" ADD CONSTRAINT "edge_steering_edge_id_fkey" FOREIGN KEY ("edge_id") REFERENCES "cdn_edges"("id") ON DELETE CASCADE ON UPDATE CASCADE;

