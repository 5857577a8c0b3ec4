-- Which fresh vegetables are dark-coloured (深色蔬菜), for WS/T 554's daily rule: at least three fresh
-- vegetables a day, over half of them dark. Null for every other food and for vegetables that are not
-- fresh (dried, processed). The import validator's rule, held by the database too.

-- AlterTable
ALTER TABLE "food_composition" ADD COLUMN "vegetable_colour" TEXT
    CONSTRAINT "food_composition_vegetable_colour_check"
    CHECK ("vegetable_colour" IS NULL OR ("vegetable_colour" IN ('dark', 'light') AND "food_group" = 'vegetables'));
