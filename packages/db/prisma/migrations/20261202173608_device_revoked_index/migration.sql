-- CreateIndex
CREATE INDEX "devices_token_state_updated_at_idx" ON "devices"("token_state", "updated_at");

