-- Risk warnings (风险预警): alerts raised by rules, their append-only chain of actions, the record of
-- which (event, rule) pairs were evaluated, and per-user notifications.

-- CreateTable
CREATE TABLE "alert" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'raised',
    "dedupe_key" TEXT NOT NULL,
    "subject_unit_id" UUID NOT NULL,
    "subject_path" TEXT NOT NULL,
    "responsible_unit_id" UUID NOT NULL,
    "responsible_path" TEXT NOT NULL,
    "title_zh" TEXT NOT NULL,
    "title_en" TEXT NOT NULL,
    "summary_zh" TEXT,
    "summary_en" TEXT,
    "detail" JSONB NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "first_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "ack_due_at" TIMESTAMPTZ(3) NOT NULL,
    "handle_due_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "handled_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "reopened_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_action" (
    "id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_id" UUID,
    "actor_name" TEXT,
    "acting_unit_id" UUID NOT NULL,
    "from_unit_id" UUID,
    "to_unit_id" UUID,
    "reason" TEXT,
    "note" TEXT,
    "evidence_file_ids" UUID[],
    "event_id" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_evaluation" (
    "event_id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "raised" INTEGER NOT NULL DEFAULT 0,
    "folded" INTEGER NOT NULL DEFAULT 0,
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_evaluation_pkey" PRIMARY KEY ("event_id","rule_id")
);

-- CreateTable
CREATE TABLE "notification" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "alert_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "alert_code_key" ON "alert"("code");

-- CreateIndex
CREATE INDEX "alert_subject_path_idx" ON "alert"("subject_path" text_pattern_ops, "raised_at" DESC);

-- CreateIndex
CREATE INDEX "alert_responsible_path_idx" ON "alert"("responsible_path" text_pattern_ops, "raised_at" DESC);

-- CreateIndex
CREATE INDEX "alert_rule_id_raised_at_idx" ON "alert"("rule_id", "raised_at");

-- CreateIndex
CREATE INDEX "alert_subject_unit_id_idx" ON "alert"("subject_unit_id");

-- CreateIndex
CREATE INDEX "alert_responsible_unit_id_idx" ON "alert"("responsible_unit_id");

-- CreateIndex
CREATE INDEX "alert_action_alert_id_at_idx" ON "alert_action"("alert_id", "at");

-- CreateIndex
CREATE INDEX "alert_action_acting_unit_id_at_idx" ON "alert_action"("acting_unit_id", "at");

-- CreateIndex
CREATE INDEX "alert_action_kind_at_idx" ON "alert_action"("kind", "at");

-- CreateIndex
CREATE INDEX "notification_user_id_created_at_idx" ON "notification"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "notification_alert_id_idx" ON "notification"("alert_id");

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_subject_unit_id_fkey" FOREIGN KEY ("subject_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert" ADD CONSTRAINT "alert_responsible_unit_id_fkey" FOREIGN KEY ("responsible_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_action" ADD CONSTRAINT "alert_action_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification" ADD CONSTRAINT "notification_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One open alert per (rule, what it is about): a repeated condition folds into it.
CREATE UNIQUE INDEX "alert_open_dedupe_key" ON "alert"("rule_id", "dedupe_key") WHERE "status" <> 'closed';

-- The escalation job's scans: alerts waiting for acknowledgement or for handling, by due time.
CREATE INDEX "alert_ack_due_idx" ON "alert"("ack_due_at") WHERE "status" = 'raised';
CREATE INDEX "alert_handle_due_idx" ON "alert"("handle_due_at") WHERE "status" = 'acknowledged';

-- The unread badge.
CREATE INDEX "notification_unread_idx" ON "notification"("user_id") WHERE "read_at" IS NULL;

ALTER TABLE "alert" ADD CONSTRAINT "alert_severity_check" CHECK ("severity" IN ('info', 'warning', 'critical'));
ALTER TABLE "alert" ADD CONSTRAINT "alert_status_check" CHECK ("status" IN ('raised', 'acknowledged', 'handled', 'closed'));
ALTER TABLE "alert" ADD CONSTRAINT "alert_occurrences_check" CHECK ("occurrences" >= 1);
ALTER TABLE "alert_action" ADD CONSTRAINT "alert_action_kind_check"
  CHECK ("kind" IN ('raised', 'folded', 'acknowledged', 'handled', 'closed', 'sent_back', 'escalated'));
ALTER TABLE "notification" ADD CONSTRAINT "notification_kind_check" CHECK ("kind" IN ('new', 'escalated', 'sent_back', 'closed'));

-- The chain of actions is evidence of who did what and when: append-only, like the audit log.
CREATE TRIGGER alert_action_append_only BEFORE UPDATE OR DELETE ON "alert_action"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER alert_action_no_truncate BEFORE TRUNCATE ON "alert_action"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON "alert_action" FROM canteen_app;

-- Alerts carry their units' paths for subtree queries; a moved subtree takes its alerts with it.
CREATE FUNCTION alert_follow_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "alert" SET subject_path = NEW.path WHERE subject_unit_id = NEW.id AND subject_path <> NEW.path;
  UPDATE "alert" SET responsible_path = NEW.path WHERE responsible_unit_id = NEW.id AND responsible_path <> NEW.path;
  RETURN NULL;
END;
$$;
CREATE TRIGGER org_unit_path_alerts AFTER UPDATE OF path ON "org_unit"
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION alert_follow_unit_path();
