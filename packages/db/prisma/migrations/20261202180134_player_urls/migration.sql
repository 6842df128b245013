-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "player_token_hash" TEXT,
ADD COLUMN     "player_token_hint" TEXT,
ADD COLUMN     "player_token_issued_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE UNIQUE INDEX "devices_player_token_hash_key" ON "devices"("player_token_hash");

