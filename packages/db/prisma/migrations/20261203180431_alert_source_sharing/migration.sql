-- AlterEnum
ALTER TYPE "alert_source" ADD VALUE 'SHARING';

