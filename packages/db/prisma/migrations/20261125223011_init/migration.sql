-- pg_trgm backs the gin_trgm_ops indexes below (partial search by name, e-mail, account number, serial, MAC).
-- Written by hand: Prisma in adapter (WASM) mode cannot introspect extensions, so it is not declared in the schema.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateEnum
CREATE TYPE "role" AS ENUM ('ADMIN', 'NOC', 'CONTENT', 'SUPPORT', 'PRODUCT');

-- CreateEnum
CREATE TYPE "channel_state" AS ENUM ('DRAFT', 'LIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "genre" AS ENUM ('GENERAL', 'NEWS', 'SPORTS', 'KIDS', 'MOVIES', 'SERIES', 'MUSIC', 'DOCUMENTARY', 'LIFESTYLE', 'REGIONAL');

-- CreateEnum
CREATE TYPE "source_protocol" AS ENUM ('UDP', 'RTP', 'SRT', 'RTMP', 'HTTP_TS', 'HLS', 'FILE');

-- CreateEnum
CREATE TYPE "source_health" AS ENUM ('UNKNOWN', 'HEALTHY', 'DEGRADED', 'DOWN');

-- CreateEnum
CREATE TYPE "video_codec" AS ENUM ('H264', 'HEVC');

-- CreateEnum
CREATE TYPE "audio_codec" AS ENUM ('AAC_LC', 'HE_AAC', 'AC3', 'EAC3');

-- CreateEnum
CREATE TYPE "package_kind" AS ENUM ('BASE', 'ADDON');

-- CreateEnum
CREATE TYPE "subscriber_status" AS ENUM ('ACTIVE', 'SUSPENDED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "device_status" AS ENUM ('IN_STOCK', 'PENDING_ACTIVATION', 'ACTIVE', 'SUSPENDED', 'RETIRED');

-- CreateEnum
CREATE TYPE "token_state" AS ENUM ('NONE', 'ACTIVE', 'REVOKED');

-- CreateEnum
CREATE TYPE "rollout_state" AS ENUM ('DRAFT', 'RUNNING', 'PAUSED', 'HALTED', 'COMPLETED', 'ROLLED_BACK');

-- CreateEnum
CREATE TYPE "wave_state" AS ENUM ('PENDING', 'RUNNING', 'COMPLETED', 'HALTED');

-- CreateEnum
CREATE TYPE "alert_severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "alert_comparator" AS ENUM ('GT', 'GTE', 'LT', 'LTE');

-- CreateEnum
CREATE TYPE "alert_state" AS ENUM ('FIRING', 'RESOLVED');

-- CreateEnum
CREATE TYPE "job_state" AS ENUM ('QUEUED', 'ACTIVE', 'COMPLETED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "operators" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_login_at" TIMESTAMPTZ(3),

    CONSTRAINT "operators_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "actor_email" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "ip" TEXT,

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" TEXT NOT NULL,
    "lcn" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "genre" "genre" NOT NULL,
    "language" TEXT NOT NULL,
    "logo_path" TEXT,
    "state" "channel_state" NOT NULL DEFAULT 'DRAFT',
    "encoding_profile_version_id" TEXT,
    "on_air_source_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_sources" (
    "id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "protocol" "source_protocol" NOT NULL,
    "url" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "health" "source_health" NOT NULL DEFAULT 'UNKNOWN',
    "last_checked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "channel_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programmes" (
    "id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "category" TEXT,
    "season_number" INTEGER,
    "episode_number" INTEGER,
    "episode_title" TEXT,
    "age_rating" TEXT,

    CONSTRAINT "programmes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "availability_windows" (
    "id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "availability_windows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "encoding_profiles" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "encoding_profiles_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "encoding_profile_versions" (
    "id" TEXT NOT NULL,
    "profile_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "segment_seconds" INTEGER NOT NULL,
    "audio_codec" "audio_codec" NOT NULL,
    "audio_bitrate_kbps" INTEGER NOT NULL,
    "audio_channels" INTEGER NOT NULL,
    "note" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "encoding_profile_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "profile_rungs" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "codec" "video_codec" NOT NULL,
    "profile" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "fps" DOUBLE PRECISION NOT NULL,
    "bitrate_kbps" INTEGER NOT NULL,
    "maxrate_kbps" INTEGER NOT NULL,
    "bufsize_kbps" INTEGER NOT NULL,
    "gop_seconds" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "profile_rungs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "packages" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "package_kind" NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "packages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "package_channels" (
    "package_id" TEXT NOT NULL,
    "channel_id" TEXT NOT NULL,

    CONSTRAINT "package_channels_pkey" PRIMARY KEY ("package_id","channel_id")
);

-- CreateTable
CREATE TABLE "subscribers" (
    "id" TEXT NOT NULL,
    "account_number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "region" TEXT NOT NULL,
    "city" TEXT,
    "postcode" TEXT,
    "status" "subscriber_status" NOT NULL DEFAULT 'ACTIVE',
    "max_concurrent_streams" INTEGER NOT NULL DEFAULT 2,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscribers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" TEXT NOT NULL,
    "subscriber_id" TEXT NOT NULL,
    "package_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "box_models" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "video_codecs" "video_codec"[],
    "max_h264_profile" TEXT NOT NULL,
    "max_h264_level" TEXT NOT NULL,
    "max_hevc_profile" TEXT,
    "max_hevc_level" TEXT,
    "max_width" INTEGER NOT NULL,
    "max_height" INTEGER NOT NULL,
    "max_fps" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "box_models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_versions" (
    "id" TEXT NOT NULL,
    "box_model_id" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "released_at" TIMESTAMPTZ(3) NOT NULL,
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "firmware_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "devices" (
    "id" TEXT NOT NULL,
    "serial" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "box_model_id" TEXT NOT NULL,
    "firmware_version_id" TEXT,
    "subscriber_id" TEXT,
    "status" "device_status" NOT NULL DEFAULT 'IN_STOCK',
    "token_state" "token_state" NOT NULL DEFAULT 'NONE',
    "token_version" INTEGER NOT NULL DEFAULT 0,
    "activation_code" TEXT,
    "app_version" TEXT,
    "last_seen_at" TIMESTAMPTZ(3),
    "region" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cohorts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "rule" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cohorts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feature_flags" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "description" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "variants" JSONB,
    "rules" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feature_flags_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "firmware_rollouts" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "firmware_version_id" TEXT NOT NULL,
    "rollback_firmware_version_id" TEXT,
    "cohort_id" TEXT NOT NULL,
    "state" "rollout_state" NOT NULL DEFAULT 'DRAFT',
    "guardrails" JSONB NOT NULL,
    "halt_reason" TEXT,
    "created_by_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "firmware_rollouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rollout_waves" (
    "id" TEXT NOT NULL,
    "rollout_id" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "percent" INTEGER NOT NULL,
    "state" "wave_state" NOT NULL DEFAULT 'PENDING',
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "rollout_waves_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "metric" TEXT NOT NULL,
    "comparator" "alert_comparator" NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "window_seconds" INTEGER NOT NULL,
    "scope" JSONB,
    "severity" "alert_severity" NOT NULL DEFAULT 'WARNING',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "state" "alert_state" NOT NULL DEFAULT 'FIRING',
    "severity" "alert_severity" NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "dimensions" JSONB,
    "message" TEXT NOT NULL,
    "channel_id" TEXT,
    "fired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "acknowledged_by_id" TEXT,
    "acknowledged_at" TIMESTAMPTZ(3),

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_records" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "bull_job_id" TEXT,
    "state" "job_state" NOT NULL DEFAULT 'QUEUED',
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "channel_id" TEXT,
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "operators_email_key" ON "operators"("email");

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");

-- CreateIndex
CREATE INDEX "audit_entries_actor_id_at_idx" ON "audit_entries"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_entries_entity_type_entity_id_at_idx" ON "audit_entries"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "channels_lcn_key" ON "channels"("lcn");

-- CreateIndex
CREATE UNIQUE INDEX "channels_slug_key" ON "channels"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "channels_on_air_source_id_key" ON "channels"("on_air_source_id");

-- CreateIndex
CREATE INDEX "channels_state_lcn_idx" ON "channels"("state", "lcn");

-- CreateIndex
CREATE INDEX "channels_genre_idx" ON "channels"("genre");

-- CreateIndex
CREATE INDEX "channels_encoding_profile_version_id_idx" ON "channels"("encoding_profile_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "channel_sources_channel_id_priority_key" ON "channel_sources"("channel_id", "priority");

-- CreateIndex
CREATE INDEX "programmes_ends_at_idx" ON "programmes"("ends_at");

-- CreateIndex
CREATE UNIQUE INDEX "programmes_channel_id_starts_at_key" ON "programmes"("channel_id", "starts_at");

-- CreateIndex
CREATE INDEX "availability_windows_channel_id_starts_at_idx" ON "availability_windows"("channel_id", "starts_at");

-- CreateIndex
CREATE INDEX "availability_windows_starts_at_ends_at_idx" ON "availability_windows"("starts_at", "ends_at");

-- CreateIndex
CREATE UNIQUE INDEX "encoding_profiles_code_key" ON "encoding_profiles"("code");

-- CreateIndex
CREATE UNIQUE INDEX "encoding_profile_versions_profile_id_version_key" ON "encoding_profile_versions"("profile_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "profile_rungs_version_id_ordinal_key" ON "profile_rungs"("version_id", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "packages_code_key" ON "packages"("code");

-- CreateIndex
CREATE INDEX "package_channels_channel_id_idx" ON "package_channels"("channel_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscribers_account_number_key" ON "subscribers"("account_number");

-- CreateIndex
CREATE INDEX "subscribers_name_idx" ON "subscribers"("name");

-- CreateIndex
CREATE INDEX "subscribers_email_idx" ON "subscribers"("email");

-- CreateIndex
CREATE INDEX "subscribers_region_status_idx" ON "subscribers"("region", "status");

-- CreateIndex
CREATE INDEX "subscribers_name_trgm_idx" ON "subscribers" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "subscribers_email_trgm_idx" ON "subscribers" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "subscribers_account_number_trgm_idx" ON "subscribers" USING GIN ("account_number" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "subscriptions_package_id_idx" ON "subscriptions"("package_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriptions_subscriber_id_package_id_starts_at_key" ON "subscriptions"("subscriber_id", "package_id", "starts_at");

-- CreateIndex
CREATE UNIQUE INDEX "box_models_code_key" ON "box_models"("code");

-- CreateIndex
CREATE UNIQUE INDEX "firmware_versions_box_model_id_version_key" ON "firmware_versions"("box_model_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "devices_serial_key" ON "devices"("serial");

-- CreateIndex
CREATE UNIQUE INDEX "devices_mac_key" ON "devices"("mac");

-- CreateIndex
CREATE UNIQUE INDEX "devices_activation_code_key" ON "devices"("activation_code");

-- CreateIndex
CREATE INDEX "devices_subscriber_id_idx" ON "devices"("subscriber_id");

-- CreateIndex
CREATE INDEX "devices_box_model_id_firmware_version_id_idx" ON "devices"("box_model_id", "firmware_version_id");

-- CreateIndex
CREATE INDEX "devices_firmware_version_id_idx" ON "devices"("firmware_version_id");

-- CreateIndex
CREATE INDEX "devices_status_idx" ON "devices"("status");

-- CreateIndex
CREATE INDEX "devices_serial_trgm_idx" ON "devices" USING GIN ("serial" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "devices_mac_trgm_idx" ON "devices" USING GIN ("mac" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "cohorts_name_key" ON "cohorts"("name");

-- CreateIndex
CREATE UNIQUE INDEX "feature_flags_key_key" ON "feature_flags"("key");

-- CreateIndex
CREATE INDEX "firmware_rollouts_state_idx" ON "firmware_rollouts"("state");

-- CreateIndex
CREATE INDEX "firmware_rollouts_firmware_version_id_idx" ON "firmware_rollouts"("firmware_version_id");

-- CreateIndex
CREATE INDEX "firmware_rollouts_cohort_id_idx" ON "firmware_rollouts"("cohort_id");

-- CreateIndex
CREATE UNIQUE INDEX "rollout_waves_rollout_id_ordinal_key" ON "rollout_waves"("rollout_id", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

-- CreateIndex
CREATE INDEX "alert_events_state_fired_at_idx" ON "alert_events"("state", "fired_at");

-- CreateIndex
CREATE INDEX "alert_events_rule_id_fired_at_idx" ON "alert_events"("rule_id", "fired_at");

-- CreateIndex
CREATE INDEX "alert_events_channel_id_fired_at_idx" ON "alert_events"("channel_id", "fired_at");

-- CreateIndex
CREATE INDEX "job_records_state_created_at_idx" ON "job_records"("state", "created_at");

-- CreateIndex
CREATE INDEX "job_records_channel_id_created_at_idx" ON "job_records"("channel_id", "created_at");

-- CreateIndex
CREATE INDEX "job_records_kind_created_at_idx" ON "job_records"("kind", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_records_queue_bull_job_id_key" ON "job_records"("queue", "bull_job_id");

-- AddForeignKey
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_encoding_profile_version_id_fkey" FOREIGN KEY ("encoding_profile_version_id") REFERENCES "encoding_profile_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_on_air_source_id_fkey" FOREIGN KEY ("on_air_source_id") REFERENCES "channel_sources"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_sources" ADD CONSTRAINT "channel_sources_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "availability_windows" ADD CONSTRAINT "availability_windows_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "encoding_profile_versions" ADD CONSTRAINT "encoding_profile_versions_profile_id_fkey" FOREIGN KEY ("profile_id") REFERENCES "encoding_profiles"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "encoding_profile_versions" ADD CONSTRAINT "encoding_profile_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "profile_rungs" ADD CONSTRAINT "profile_rungs_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "encoding_profile_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package_channels" ADD CONSTRAINT "package_channels_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "package_channels" ADD CONSTRAINT "package_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_package_id_fkey" FOREIGN KEY ("package_id") REFERENCES "packages"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_versions" ADD CONSTRAINT "firmware_versions_box_model_id_fkey" FOREIGN KEY ("box_model_id") REFERENCES "box_models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_box_model_id_fkey" FOREIGN KEY ("box_model_id") REFERENCES "box_models"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_firmware_version_id_fkey" FOREIGN KEY ("firmware_version_id") REFERENCES "firmware_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "devices" ADD CONSTRAINT "devices_subscriber_id_fkey" FOREIGN KEY ("subscriber_id") REFERENCES "subscribers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_rollouts" ADD CONSTRAINT "firmware_rollouts_firmware_version_id_fkey" FOREIGN KEY ("firmware_version_id") REFERENCES "firmware_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_rollouts" ADD CONSTRAINT "firmware_rollouts_rollback_firmware_version_id_fkey" FOREIGN KEY ("rollback_firmware_version_id") REFERENCES "firmware_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_rollouts" ADD CONSTRAINT "firmware_rollouts_cohort_id_fkey" FOREIGN KEY ("cohort_id") REFERENCES "cohorts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "firmware_rollouts" ADD CONSTRAINT "firmware_rollouts_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rollout_waves" ADD CONSTRAINT "rollout_waves_rollout_id_fkey" FOREIGN KEY ("rollout_id") REFERENCES "firmware_rollouts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "operators"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_records" ADD CONSTRAINT "job_records_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;

