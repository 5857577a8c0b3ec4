-- Menus (膳食计划 / 带量食谱): dishes with versioned quantified recipes, weekly meal plans with
-- versions, and append-only production records.

-- CreateTable
CREATE TABLE "dish" (
    "id" UUID NOT NULL,
    "owner_unit_id" UUID NOT NULL,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dish_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dish_version" (
    "id" UUID NOT NULL,
    "dish_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "cooking_method" TEXT NOT NULL,
    "photo_file_id" UUID,
    "allergens" TEXT[],
    "age_bands" TEXT[],
    "reason" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dish_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dish_line" (
    "id" UUID NOT NULL,
    "dish_version_id" UUID NOT NULL,
    "ingredient_id" UUID NOT NULL,
    "age_band" TEXT NOT NULL,
    "grams" DECIMAL(8,3) NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "dish_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meal_plan" (
    "id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "week_start" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "meal_plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meal_plan_version" (
    "id" UUID NOT NULL,
    "plan_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "age_bands" JSONB NOT NULL,
    "reason" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_by_id" UUID,
    "published_at" TIMESTAMPTZ(3),

    CONSTRAINT "meal_plan_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meal_plan_entry" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "meal" TEXT NOT NULL,
    "age_band" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,

    CONSTRAINT "meal_plan_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "meal_plan_entry_dish" (
    "entry_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "dish_version_id" UUID NOT NULL,

    CONSTRAINT "meal_plan_entry_dish_pkey" PRIMARY KEY ("entry_id","position")
);

-- CreateTable
CREATE TABLE "production_record" (
    "id" UUID NOT NULL,
    "canteen_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "meal" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "plan_version_id" UUID NOT NULL,
    "served_total" INTEGER NOT NULL,
    "note" TEXT,
    "reason" TEXT,
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "production_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "production_served" (
    "record_id" UUID NOT NULL,
    "age_band" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,

    CONSTRAINT "production_served_pkey" PRIMARY KEY ("record_id","age_band")
);

-- CreateTable
CREATE TABLE "production_leftover" (
    "record_id" UUID NOT NULL,
    "dish_version_id" UUID NOT NULL,
    "grams" INTEGER NOT NULL,

    CONSTRAINT "production_leftover_pkey" PRIMARY KEY ("record_id","dish_version_id")
);

-- CreateIndex
CREATE INDEX "dish_owner_unit_id_idx" ON "dish"("owner_unit_id");

-- CreateIndex
CREATE UNIQUE INDEX "dish_version_dish_id_version_key" ON "dish_version"("dish_id", "version");

-- CreateIndex
CREATE INDEX "dish_line_ingredient_id_idx" ON "dish_line"("ingredient_id");

-- CreateIndex
CREATE UNIQUE INDEX "dish_line_dish_version_id_ingredient_id_age_band_key" ON "dish_line"("dish_version_id", "ingredient_id", "age_band");

-- CreateIndex
CREATE UNIQUE INDEX "meal_plan_canteen_id_week_start_key" ON "meal_plan"("canteen_id", "week_start");

-- CreateIndex
CREATE UNIQUE INDEX "meal_plan_version_plan_id_version_key" ON "meal_plan_version"("plan_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "meal_plan_entry_version_id_day_meal_age_band_key" ON "meal_plan_entry"("version_id", "day", "meal", "age_band");

-- CreateIndex
CREATE INDEX "meal_plan_entry_dish_dish_version_id_idx" ON "meal_plan_entry_dish"("dish_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "production_record_canteen_id_day_meal_version_key" ON "production_record"("canteen_id", "day", "meal", "version");

-- AddForeignKey
ALTER TABLE "dish" ADD CONSTRAINT "dish_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dish_version" ADD CONSTRAINT "dish_version_dish_id_fkey" FOREIGN KEY ("dish_id") REFERENCES "dish"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dish_line" ADD CONSTRAINT "dish_line_dish_version_id_fkey" FOREIGN KEY ("dish_version_id") REFERENCES "dish_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dish_line" ADD CONSTRAINT "dish_line_ingredient_id_fkey" FOREIGN KEY ("ingredient_id") REFERENCES "ingredient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meal_plan" ADD CONSTRAINT "meal_plan_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meal_plan_version" ADD CONSTRAINT "meal_plan_version_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "meal_plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meal_plan_entry" ADD CONSTRAINT "meal_plan_entry_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "meal_plan_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meal_plan_entry_dish" ADD CONSTRAINT "meal_plan_entry_dish_entry_id_fkey" FOREIGN KEY ("entry_id") REFERENCES "meal_plan_entry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "meal_plan_entry_dish" ADD CONSTRAINT "meal_plan_entry_dish_dish_version_id_fkey" FOREIGN KEY ("dish_version_id") REFERENCES "dish_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production_record" ADD CONSTRAINT "production_record_canteen_id_fkey" FOREIGN KEY ("canteen_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production_record" ADD CONSTRAINT "production_record_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "meal_plan_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production_served" ADD CONSTRAINT "production_served_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "production_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production_leftover" ADD CONSTRAINT "production_leftover_record_id_fkey" FOREIGN KEY ("record_id") REFERENCES "production_record"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "production_leftover" ADD CONSTRAINT "production_leftover_dish_version_id_fkey" FOREIGN KEY ("dish_version_id") REFERENCES "dish_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database keeps, whoever writes.
ALTER TABLE "dish_line" ADD CONSTRAINT "dish_line_grams_check" CHECK (grams > 0 AND grams <= 2000);
ALTER TABLE "dish_line" ADD CONSTRAINT "dish_line_age_band_check" CHECK (age_band IN ('3-5', '6-8', '9-11', '12-14', '15-17'));
ALTER TABLE "dish_version" ADD CONSTRAINT "dish_version_version_check" CHECK (version >= 1);
ALTER TABLE "meal_plan" ADD CONSTRAINT "meal_plan_status_check" CHECK (status IN ('draft', 'published'));
ALTER TABLE "meal_plan" ADD CONSTRAINT "meal_plan_week_start_monday" CHECK (extract(isodow FROM week_start) = 1);
ALTER TABLE "meal_plan_version" ADD CONSTRAINT "meal_plan_version_status_check" CHECK (status IN ('draft', 'published'));
ALTER TABLE "meal_plan_version" ADD CONSTRAINT "meal_plan_version_published_check"
  CHECK ((status = 'published') = (published_at IS NOT NULL));
ALTER TABLE "meal_plan_entry" ADD CONSTRAINT "meal_plan_entry_check" CHECK (
  meal IN ('breakfast', 'lunch', 'dinner')
  AND age_band IN ('3-5', '6-8', '9-11', '12-14', '15-17')
  AND headcount >= 0
);
ALTER TABLE "production_record" ADD CONSTRAINT "production_record_check" CHECK (
  meal IN ('breakfast', 'lunch', 'dinner') AND version >= 1 AND served_total >= 0 AND (version = 1 OR reason IS NOT NULL)
);
ALTER TABLE "production_served" ADD CONSTRAINT "production_served_check"
  CHECK (age_band IN ('3-5', '6-8', '9-11', '12-14', '15-17') AND headcount >= 0);
ALTER TABLE "production_leftover" ADD CONSTRAINT "production_leftover_grams_check" CHECK (grams >= 0);
CREATE INDEX "production_record_canteen_day_idx" ON "production_record"("canteen_id", "day", "meal", "version" DESC);

-- A dish version and its recipe are history once written: plans and production records point at them.
CREATE TRIGGER dish_version_append_only BEFORE UPDATE OR DELETE ON "dish_version"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER dish_line_append_only BEFORE UPDATE OR DELETE ON "dish_line"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A published plan version is frozen with its entries; only a draft is edited in place.
CREATE FUNCTION meal_plan_version_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'meal plan version % is published and cannot change', OLD.id USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER meal_plan_version_frozen BEFORE UPDATE OR DELETE ON "meal_plan_version"
  FOR EACH ROW EXECUTE FUNCTION meal_plan_version_frozen();

CREATE FUNCTION meal_plan_entry_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry_version uuid;
BEGIN
  IF TG_TABLE_NAME = 'meal_plan_entry' THEN
    entry_version := OLD.version_id;
  ELSE
    SELECT version_id INTO entry_version FROM "meal_plan_entry" WHERE id = OLD.entry_id;
  END IF;
  IF (SELECT status FROM "meal_plan_version" WHERE id = entry_version) = 'published' THEN
    RAISE EXCEPTION 'meal plan version % is published and cannot change', entry_version USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
CREATE TRIGGER meal_plan_entry_frozen BEFORE UPDATE OR DELETE ON "meal_plan_entry"
  FOR EACH ROW EXECUTE FUNCTION meal_plan_entry_frozen();
CREATE TRIGGER meal_plan_entry_dish_frozen BEFORE UPDATE OR DELETE ON "meal_plan_entry_dish"
  FOR EACH ROW EXECUTE FUNCTION meal_plan_entry_frozen();

-- Production records are corrected by a new version, never edited.
CREATE TRIGGER production_record_append_only BEFORE UPDATE OR DELETE ON "production_record"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER production_served_append_only BEFORE UPDATE OR DELETE ON "production_served"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER production_leftover_append_only BEFORE UPDATE OR DELETE ON "production_leftover"
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER production_record_no_truncate BEFORE TRUNCATE ON "production_record"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- The served headcount of each canteen, day and meal: the newest version of its production record.
-- The ledger's cost per student joins it on (canteen_id, day, meal).
CREATE VIEW "meal_served" AS
  SELECT DISTINCT ON (canteen_id, day, meal) canteen_id, day, meal, served_total AS headcount, id AS record_id, version
  FROM "production_record"
  ORDER BY canteen_id, day, meal, version DESC;
GRANT SELECT ON "meal_served" TO canteen_app;
