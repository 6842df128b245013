-- AlterTable
ALTER TABLE "programmes" ADD COLUMN     "entered_by_hand" BOOLEAN NOT NULL DEFAULT false;


-- Programmes an operator entered or edited before this column existed: their audit entries say so.
UPDATE "programmes" SET "entered_by_hand" = true
WHERE "id" IN (
  SELECT "entity_id" FROM "audit_entries"
  WHERE "entity_type" = 'Programme' AND "action" IN ('programme.create', 'programme.update')
);
