-- When the worker finished processing each outbox event, so that the relay can re-publish an event
-- whose job BullMQ lost (a Redis restart without persistence) instead of losing it.

-- AlterTable
ALTER TABLE "outbox_event" ADD COLUMN "processed_at" TIMESTAMPTZ(3);

-- Events published before this column existed were delivered under the old rules; counting them
-- processed keeps the first sweep from re-sending the whole history.
UPDATE "outbox_event" SET "processed_at" = "published_at" WHERE "published_at" IS NOT NULL;

-- CreateIndex
CREATE INDEX "outbox_event_unprocessed_idx" ON "outbox_event"("published_at", "id") WHERE "published_at" IS NOT NULL AND "processed_at" IS NULL;
