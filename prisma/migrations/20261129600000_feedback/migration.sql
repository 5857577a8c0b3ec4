-- Parents' feedback (意见建议反馈) on a canteen from its public page, and its handling history.

-- CreateTable
CREATE TABLE "feedback" (
    "id" UUID NOT NULL,
    "tracking_code" TEXT NOT NULL,
    "canteen_id" UUID NOT NULL,
    "category" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "contact" TEXT,
    "photo_file_id" UUID,
    "status" TEXT NOT NULL DEFAULT 'new',
    "public_reply" TEXT,
    "public_reply_at" TIMESTAMPTZ(3),
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sla_hours" INTEGER NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "first_response_at" TIMESTAMPTZ(3),
    "replied_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "overdue_notified_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "feedback_action" (
    "id" UUID NOT NULL,
    "feedback_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "from_status" TEXT,
    "to_status" TEXT,
    "reply" TEXT,
    "note" TEXT,
    "actor_id" UUID,
    "actor_name" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "feedback_action_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "feedback_tracking_code_key" ON "feedback"("tracking_code");

-- CreateIndex
CREATE INDEX "feedback_canteen_id_submitted_at_idx" ON "feedback"("canteen_id", "submitted_at" DESC);

-- CreateIndex
CREATE INDEX "feedback_action_feedback_id_at_idx" ON "feedback_action"("feedback_id", "at");

-- AddForeignKey
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "feedback_action" ADD CONSTRAINT "feedback_action_feedback_id_fkey" FOREIGN KEY ("feedback_id") REFERENCES "feedback"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The overdue job's scan: unanswered feedback not yet announced, by due time.
CREATE INDEX "feedback_overdue_scan_idx" ON "feedback"("due_at")
  WHERE "replied_at" IS NULL AND "closed_at" IS NULL AND "overdue_notified_at" IS NULL;

-- The application's limits, held by the database as well. char_length counts characters, as the API does.
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_category_check"
  CHECK ("category" IN ('taste', 'hygiene', 'price', 'portion', 'service', 'other'));
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_status_check" CHECK ("status" IN ('new', 'in_progress', 'replied', 'closed'));
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_text_check" CHECK (char_length("text") BETWEEN 1 AND 500);
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_tracking_code_check" CHECK ("tracking_code" ~ '^[0-9A-HJKMNP-TV-Z]{10}$');
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_sla_hours_check" CHECK ("sla_hours" > 0);
ALTER TABLE "feedback_action" ADD CONSTRAINT "feedback_action_kind_check"
  CHECK ("kind" IN ('submitted', 'started', 'replied', 'closed', 'note'));

-- The handling history is evidence of who answered what and when: append-only, like the audit log.
CREATE TRIGGER feedback_action_append_only BEFORE UPDATE OR DELETE ON "feedback_action"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER feedback_action_no_truncate BEFORE TRUNCATE ON "feedback_action"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON "feedback_action" FROM canteen_app;
