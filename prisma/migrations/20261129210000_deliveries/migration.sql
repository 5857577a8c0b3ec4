-- Purchase orders are cancelled with a reason, never deleted.
ALTER TABLE "purchase_order" ADD COLUMN "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN "cancel_reason" TEXT,
ADD COLUMN "cancelled_by_id" UUID;

ALTER TABLE "delivery_manifest" ADD COLUMN "note" TEXT;
ALTER TABLE "delivery_line" ADD COLUMN "note" TEXT;

-- Corrections of a checked delivery are new, reasoned records; the delivery itself stays as it was.
CREATE TABLE "delivery_correction" (
    "id" UUID NOT NULL,
    "manifest_id" UUID NOT NULL,
    "delivery_line_id" UUID,
    "field" TEXT NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_correction_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "delivery_correction_manifest_id_idx" ON "delivery_correction"("manifest_id");

ALTER TABLE "delivery_correction" ADD CONSTRAINT "delivery_correction_manifest_id_fkey" FOREIGN KEY ("manifest_id") REFERENCES "delivery_manifest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "delivery_correction" ADD CONSTRAINT "delivery_correction_delivery_line_id_fkey" FOREIGN KEY ("delivery_line_id") REFERENCES "delivery_line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER delivery_correction_append_only BEFORE UPDATE OR DELETE ON "delivery_correction"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Per-day counters of document codes (PO-20261129-0001): the increment's row lock serialises
-- concurrent writers of the same kind and day until they commit, so codes have no gaps or clashes.
CREATE TABLE "document_sequence" (
    "kind" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "last_value" INTEGER NOT NULL,

    CONSTRAINT "document_sequence_pkey" PRIMARY KEY ("kind", "day")
);
