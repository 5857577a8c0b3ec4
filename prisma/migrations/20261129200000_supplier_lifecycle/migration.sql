-- Contracts are never edited: ending one early records its last valid day and the reason beside the
-- original dates; an amendment is a new contract that names the one it replaces.
ALTER TABLE "supply_contract" ADD COLUMN "ended_on" DATE,
ADD COLUMN "end_reason" TEXT,
ADD COLUMN "ended_at" TIMESTAMPTZ(3),
ADD COLUMN "ended_by_id" UUID,
ADD COLUMN "amends_id" UUID;

ALTER TABLE "supply_contract" ADD CONSTRAINT "supply_contract_amends_id_fkey" FOREIGN KEY ("amends_id") REFERENCES "supply_contract"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One row per document and expiry state announced by the daily licence check, so a re-run of the
-- same day (or the next day) never emits the same warning twice.
CREATE TABLE "supplier_document_alert" (
    "document_id" UUID NOT NULL,
    "state" TEXT NOT NULL,
    "emitted_on" DATE NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supplier_document_alert_pkey" PRIMARY KEY ("document_id", "state")
);

ALTER TABLE "supplier_document_alert" ADD CONSTRAINT "supplier_document_alert_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "supplier_document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
