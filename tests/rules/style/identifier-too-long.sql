-- Names over 63 bytes are cut by PostgreSQL; the finding points at the name.
CREATE TABLE CUSTOMER_SUBSCRIPTION_INVOICE_LINE_ITEMS_WITH_TAX_AND_DISCOUNTS_ (id bigint); -- expect: identifier-too-long:14
CREATE TABLE customer_subscription_invoice_line_items_with_tax_and_discounts (id bigint);
CREATE TABLE invoice_line_items (
    amount_including_all_applicable_taxes_discounts_and_service_fees_total numeric, -- expect: identifier-too-long:5
    CONSTRAINT invoice_line_items_amount_including_taxes_must_be_non_negative_check CHECK (true) -- expect: identifier-too-long:16
);
-- Prisma quotes every name; the index name has no location in the parse tree.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_idx" -- expect: identifier-too-long:41
  ON "BackgroundWorkerTask"("runtimeEnvironmentId", slug, "triggerSource");
CREATE SEQUENCE "Quoted""Name_qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"; -- expect: identifier-too-long:17
CREATE VIEW public.recently_active_customers_with_open_invoices_and_unpaid_balances AS SELECT 1; -- expect: identifier-too-long:20
CREATE TYPE subscription_lifecycle_state_including_trial_grace_and_dunning_x AS ENUM ('a'); -- expect: identifier-too-long
CREATE DOMAIN positive_amount_in_cents_used_by_invoices_orders_and_refunds_xyz AS bigint; -- expect: identifier-too-long
CREATE FUNCTION recalculate_invoice_totals_after_line_item_changes_for_customers() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; -- expect: identifier-too-long
CREATE SCHEMA customer_billing_and_invoicing_reporting_schema_for_finance_team; -- expect: identifier-too-long
CREATE TRIGGER recalculate_invoice_totals_after_line_item_changes_trigger_xxxxx AFTER INSERT ON invoice_line_items FOR EACH ROW EXECUTE FUNCTION f(); -- expect: identifier-too-long
ALTER TABLE invoice_line_items ADD COLUMN "amount_including_all_applicable_taxes_discounts_and_service_fees_total_2" numeric; -- expect: identifier-too-long:43
ALTER TABLE invoice_line_items ADD CONSTRAINT invoice_line_items_amount_including_taxes_must_be_non_negative_check_2 CHECK (true); -- expect: identifier-too-long:47
ALTER INDEX "short_idx" RENAME TO "BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_idx"; -- expect: identifier-too-long:35
ALTER TABLE invoice_line_items RENAME COLUMN amount TO amount_including_all_applicable_taxes_discounts_and_service_fees_total; -- expect: identifier-too-long:56

-- Using a long name is not creating one: PostgreSQL truncates the reference the
-- same way, so it finds the object.
CREATE INDEX invoice_amount_idx ON invoice_line_items (amount_including_all_applicable_taxes_discounts_and_service_fees_total);
DROP INDEX "BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_idx";
SELECT amount_including_all_applicable_taxes_discounts_and_service_fees_total FROM invoice_line_items;
-- Enum labels are not identifiers (PostgreSQL rejects long ones outright).
CREATE TYPE short_enum AS ENUM ('llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllll');
-- CREATE TABLE customer_subscription_invoice_line_items_with_tax_and_discounts_ (id bigint);
SELECT 'customer_subscription_invoice_line_items_with_tax_and_discounts_';
