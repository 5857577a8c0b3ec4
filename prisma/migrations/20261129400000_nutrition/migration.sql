-- Nutrition: the food composition table (per 100 g edible part), the link from the catalogue to it,
-- and settings that units set for their subtree (org_setting).

-- AlterTable
ALTER TABLE "ingredient" ADD COLUMN     "food_code" TEXT,
ADD COLUMN     "grams_per_unit" DECIMAL(12,3);

-- CreateTable
CREATE TABLE "food_composition" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "food_group" TEXT NOT NULL,
    "edible_percent" DECIMAL(5,2) NOT NULL,
    "energy_kcal" DECIMAL(10,3) NOT NULL,
    "protein_g" DECIMAL(10,3) NOT NULL,
    "fat_g" DECIMAL(10,3) NOT NULL,
    "carbohydrate_g" DECIMAL(10,3) NOT NULL,
    "fibre_g" DECIMAL(10,3) NOT NULL,
    "calcium_mg" DECIMAL(10,3) NOT NULL,
    "iron_mg" DECIMAL(10,3) NOT NULL,
    "zinc_mg" DECIMAL(10,3) NOT NULL,
    "vitamin_a_ug" DECIMAL(10,3) NOT NULL,
    "vitamin_c_mg" DECIMAL(10,3) NOT NULL,
    "sodium_mg" DECIMAL(10,3) NOT NULL,
    "source" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "imported_by" TEXT NOT NULL,

    CONSTRAINT "food_composition_pkey" PRIMARY KEY ("code"),
    -- The import validator's rules, held by the database too.
    CONSTRAINT "food_composition_edible_percent_check" CHECK ("edible_percent" >= 1 AND "edible_percent" <= 100),
    CONSTRAINT "food_composition_non_negative_check" CHECK (
        "energy_kcal" >= 0 AND "protein_g" >= 0 AND "fat_g" >= 0 AND "carbohydrate_g" >= 0 AND "fibre_g" >= 0
        AND "calcium_mg" >= 0 AND "iron_mg" >= 0 AND "zinc_mg" >= 0 AND "vitamin_a_ug" >= 0
        AND "vitamin_c_mg" >= 0 AND "sodium_mg" >= 0),
    CONSTRAINT "food_composition_fibre_check" CHECK ("fibre_g" <= "carbohydrate_g")
);

-- CreateTable
CREATE TABLE "org_setting" (
    "id" UUID NOT NULL,
    "org_unit_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "updated_by_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "food_composition_food_group_idx" ON "food_composition"("food_group");

-- CreateIndex
CREATE UNIQUE INDEX "org_setting_org_unit_id_key_key" ON "org_setting"("org_unit_id", "key");

-- AddForeignKey
ALTER TABLE "ingredient" ADD CONSTRAINT "ingredient_food_code_fkey" FOREIGN KEY ("food_code") REFERENCES "food_composition"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_setting" ADD CONSTRAINT "org_setting_org_unit_id_fkey" FOREIGN KEY ("org_unit_id") REFERENCES "org_unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_setting" ADD CONSTRAINT "org_setting_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
