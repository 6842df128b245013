-- AlterTable
ALTER TABLE "operators" ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

