-- AlterTable
ALTER TABLE "supplier" ADD COLUMN     "address" TEXT,
ADD COLUMN     "blacklist_reason" TEXT,
ADD COLUMN     "blacklisted_at" TIMESTAMPTZ(3),
ADD COLUMN     "contact_name" TEXT,
ADD COLUMN     "contact_phone" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'distributor';

-- CreateTable
CREATE TABLE "stored_file" (
    "id" UUID NOT NULL,
    "storage_key" TEXT NOT NULL,
    "original_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploaded_by_id" UUID,
    "supplier_id" UUID,
    "retain_until" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stored_file_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_document" (
    "id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "farm_base_id" UUID,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "issued_on" DATE,
    "expires_on" DATE,
    "file_id" UUID NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supplier_document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "farm_base" (
    "id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "address" TEXT,
    "latitude" DECIMAL(9,6),
    "longitude" DECIMAL(9,6),
    "products" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "farm_base_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ingredient" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_decimals" INTEGER NOT NULL DEFAULT 2,
    "shelf_life_days" INTEGER,
    "cold_chain" TEXT NOT NULL DEFAULT 'ambient',
    "quarantine_required" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ingredient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supply_contract" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "supplier_id" UUID NOT NULL,
    "school_id" UUID NOT NULL,
    "canteen_ids" UUID[],
    "categories" TEXT[],
    "valid_from" DATE NOT NULL,
    "valid_to" DATE NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supply_contract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_api_key" (
    "id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "supplier_api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_order" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "canteen_id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "delivery_date" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "note" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "purchase_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_order_line" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_price_fen" INTEGER NOT NULL,

    CONSTRAINT "purchase_order_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_lot" (
    "supplier_id" UUID NOT NULL,
    "lot_code" TEXT NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supplier_lot_pkey" PRIMARY KEY ("supplier_id","lot_code")
);

-- CreateTable
CREATE TABLE "delivery_manifest" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "supplier_id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "contract_id" UUID NOT NULL,
    "purchase_order_id" UUID,
    "delivery_date" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'submitted',
    "submitted_by_id" UUID,
    "api_key_id" UUID,
    "retain_until" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_manifest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_line" (
    "id" UUID NOT NULL,
    "manifest_id" UUID NOT NULL,
    "line_no" INTEGER NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "lot_code" TEXT NOT NULL,
    "production_date" DATE NOT NULL,
    "expiry_date" DATE NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_price_fen" INTEGER NOT NULL,
    "farm_base_id" UUID,
    "certificate_ids" UUID[],

    CONSTRAINT "delivery_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acceptance" (
    "id" UUID NOT NULL,
    "manifest_id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "inspector_ids" UUID[],
    "note" TEXT,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "acceptance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "acceptance_line" (
    "id" UUID NOT NULL,
    "acceptance_id" UUID NOT NULL,
    "delivery_line_id" UUID NOT NULL,
    "decision" TEXT NOT NULL,
    "accepted_quantity" DECIMAL(14,3) NOT NULL,
    "temperature_c" DECIMAL(5,1),
    "reason" TEXT,
    "photo_ids" UUID[],

    CONSTRAINT "acceptance_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_batch" (
    "id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "supplier_id" UUID NOT NULL,
    "delivery_line_id" UUID NOT NULL,
    "lot_code" TEXT NOT NULL,
    "quantity" DECIMAL(14,3) NOT NULL,
    "unit" TEXT NOT NULL,
    "unit_price_fen" INTEGER NOT NULL,
    "production_date" DATE NOT NULL,
    "expiry_date" DATE NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_batch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "stored_file_storage_key_key" ON "stored_file"("storage_key");

-- CreateIndex
CREATE INDEX "supplier_document_supplier_id_idx" ON "supplier_document"("supplier_id");

-- CreateIndex
CREATE INDEX "supplier_document_expires_on_idx" ON "supplier_document"("expires_on");

-- CreateIndex
CREATE UNIQUE INDEX "farm_base_supplier_id_name_key" ON "farm_base"("supplier_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ingredient_code_key" ON "ingredient"("code");

-- CreateIndex
CREATE UNIQUE INDEX "ingredient_name_key" ON "ingredient"("name");

-- CreateIndex
CREATE UNIQUE INDEX "supply_contract_code_key" ON "supply_contract"("code");

-- CreateIndex
CREATE INDEX "supply_contract_supplier_id_idx" ON "supply_contract"("supplier_id");

-- CreateIndex
CREATE INDEX "supply_contract_school_id_idx" ON "supply_contract"("school_id");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_api_key_prefix_key" ON "supplier_api_key"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "purchase_order_code_key" ON "purchase_order"("code");

-- CreateIndex
CREATE INDEX "purchase_order_canteen_id_delivery_date_idx" ON "purchase_order"("canteen_id", "delivery_date");

-- CreateIndex
CREATE INDEX "purchase_order_supplier_id_delivery_date_idx" ON "purchase_order"("supplier_id", "delivery_date");

-- CreateIndex
CREATE UNIQUE INDEX "purchase_order_line_order_id_line_no_key" ON "purchase_order_line"("order_id", "line_no");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_manifest_code_key" ON "delivery_manifest"("code");

-- CreateIndex
CREATE INDEX "delivery_manifest_canteen_id_delivery_date_idx" ON "delivery_manifest"("canteen_id", "delivery_date");

-- CreateIndex
CREATE INDEX "delivery_manifest_supplier_id_delivery_date_idx" ON "delivery_manifest"("supplier_id", "delivery_date");

-- CreateIndex
CREATE INDEX "delivery_line_lot_code_idx" ON "delivery_line"("lot_code");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_line_manifest_id_line_no_key" ON "delivery_line"("manifest_id", "line_no");

-- CreateIndex
CREATE UNIQUE INDEX "acceptance_manifest_id_key" ON "acceptance"("manifest_id");

-- CreateIndex
CREATE UNIQUE INDEX "acceptance_line_delivery_line_id_key" ON "acceptance_line"("delivery_line_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_batch_delivery_line_id_key" ON "stock_batch"("delivery_line_id");

-- CreateIndex
CREATE INDEX "stock_batch_canteen_id_ingredient_id_expiry_date_idx" ON "stock_batch"("canteen_id", "ingredient_id", "expiry_date");

-- CreateIndex
CREATE INDEX "stock_batch_lot_code_idx" ON "stock_batch"("lot_code");

-- AddForeignKey
ALTER TABLE "supplier_document" ADD CONSTRAINT "supplier_document_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_document" ADD CONSTRAINT "supplier_document_farm_base_id_fkey" FOREIGN KEY ("farm_base_id") REFERENCES "farm_base"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "farm_base" ADD CONSTRAINT "farm_base_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_contract" ADD CONSTRAINT "supply_contract_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supply_contract" ADD CONSTRAINT "supply_contract_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_api_key" ADD CONSTRAINT "supplier_api_key_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order_line" ADD CONSTRAINT "purchase_order_line_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "purchase_order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_manifest" ADD CONSTRAINT "delivery_manifest_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_manifest" ADD CONSTRAINT "delivery_manifest_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_manifest" ADD CONSTRAINT "delivery_manifest_purchase_order_id_fkey" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_line" ADD CONSTRAINT "delivery_line_manifest_id_fkey" FOREIGN KEY ("manifest_id") REFERENCES "delivery_manifest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acceptance" ADD CONSTRAINT "acceptance_manifest_id_fkey" FOREIGN KEY ("manifest_id") REFERENCES "delivery_manifest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acceptance_line" ADD CONSTRAINT "acceptance_line_acceptance_id_fkey" FOREIGN KEY ("acceptance_id") REFERENCES "acceptance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "acceptance_line" ADD CONSTRAINT "acceptance_line_delivery_line_id_fkey" FOREIGN KEY ("delivery_line_id") REFERENCES "delivery_line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_batch" ADD CONSTRAINT "stock_batch_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_batch" ADD CONSTRAINT "stock_batch_delivery_line_id_fkey" FOREIGN KEY ("delivery_line_id") REFERENCES "delivery_line"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- 进货查验 records are kept at least until shelf life + 6 months, or 2 years without a shelf life
-- (Food Safety Law arts. 50, 53): the database refuses to delete them before `retain_until`.
CREATE FUNCTION refuse_delete_before_retention() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.retain_until IS NULL OR OLD.retain_until > current_date THEN
    RAISE EXCEPTION '% on % is not allowed before % (retention period)', TG_OP, TG_TABLE_NAME, coalesce(OLD.retain_until::text, 'a retention date is set')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;

CREATE TRIGGER delivery_manifest_retention BEFORE DELETE ON "delivery_manifest"
  FOR EACH ROW EXECUTE FUNCTION refuse_delete_before_retention();
CREATE TRIGGER stored_file_retention BEFORE DELETE ON "stored_file"
  FOR EACH ROW EXECUTE FUNCTION refuse_delete_before_retention();

-- Once a manifest leaves 'submitted' (accepted or rejected) it and its lines are immutable:
-- corrections are new, reasoned records.
CREATE FUNCTION refuse_change_after_acceptance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  manifest_status text;
BEGIN
  IF TG_TABLE_NAME = 'delivery_manifest' THEN
    manifest_status := OLD.status;
  ELSE
    SELECT status INTO manifest_status FROM delivery_manifest WHERE id = OLD.manifest_id;
  END IF;
  IF manifest_status IS DISTINCT FROM 'submitted' THEN
    RAISE EXCEPTION '% on % is not allowed: the delivery was already checked (%)', TG_OP, TG_TABLE_NAME, manifest_status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER delivery_manifest_immutable BEFORE UPDATE ON "delivery_manifest"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_after_acceptance();
CREATE TRIGGER delivery_line_immutable BEFORE UPDATE OR DELETE ON "delivery_line"
  FOR EACH ROW EXECUTE FUNCTION refuse_change_after_acceptance();

-- Acceptance records are append-only.
CREATE TRIGGER acceptance_append_only BEFORE UPDATE OR DELETE ON "acceptance"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER acceptance_line_append_only BEFORE UPDATE OR DELETE ON "acceptance_line"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
