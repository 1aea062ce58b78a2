-- Fees and interest as claims (domain/dunning/claims.rs): how much of each payment went to the
-- dunning fees and to default interest before the principal (§367 BGB), in minor units; and
-- the client's fourth figure, the fees and interest still outstanding. Earlier payments and
-- clients had none: 0.
ALTER TABLE payments
    ADD COLUMN to_fees BIGINT NOT NULL DEFAULT 0 CHECK (to_fees >= 0),
    ADD COLUMN to_interest BIGINT NOT NULL DEFAULT 0 CHECK (to_interest >= 0),
    ADD CONSTRAINT payments_parts_within_amount CHECK (to_fees + to_interest <= amount);
ALTER TABLE client_metrics
    ADD COLUMN costs_outstanding BIGINT NOT NULL DEFAULT 0 CHECK (costs_outstanding >= 0);
